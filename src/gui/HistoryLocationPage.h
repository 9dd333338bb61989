// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Settings → History: "This computer" (a SQLite file) or "Team server" (host, port, database, user, encryption,
// password). The server's address goes to the settings without its password (HistoryLocation::uri()); the
// password goes to the keychain only (CredentialStore::setTeamPassword). "Test connection" asks the server on a
// worker thread (HistoryStore::checkServer connects with a timeout of seconds), so the dialog stays live.
// Usage (SettingsDialog):
//   page->load(*settings, credentials);  ...  if (page->validationError().isEmpty()) page->save(*settings,
//   credentials);
// Takes effect at the next start, like the history file always did.

#include "store/HistoryLocation.h"

#include <QWidget>

#include <functional>
#include <memory>

namespace Ui
{
class HistoryLocationPage;
}

namespace LeadRelay
{

class AppSettings;
class CredentialStore;

class HistoryLocationPage : public QWidget
{
    Q_OBJECT

public:
    // Empty when the server answered and holds a team history; else what is wrong, in plain words. Runs on a
    // worker thread. Default: HistoryStore::checkServer.
    using ServerCheck = std::function<QString(const HistoryLocation &server)>;

    explicit HistoryLocationPage(QWidget *parent = nullptr);
    ~HistoryLocationPage() override;

    void setServerCheck(ServerCheck check);

    void load(const AppSettings &settings, CredentialStore *credentials);
    void save(AppSettings &settings, CredentialStore *credentials) const;
    // Empty when what is entered can be saved; else the first problem (also shown on the page).
    QString validationError() const;

    bool teamServerChosen() const;
    // The server as entered, with the typed password (for the test; never stored like this).
    HistoryLocation enteredServer() const;

    void testConnection();
    bool isTesting() const { return m_testing; }

Q_SIGNALS:
    void edited();
    void testFinished(const QString &answer); // the text shown beside the button

private:
    void browse();
    void update();

    std::unique_ptr<Ui::HistoryLocationPage> m_ui;
    ServerCheck m_check;
    bool m_passwordTyped = false; // a late keychain answer must not overwrite what the user typed
    bool m_testing = false;
    int m_testGeneration = 0; // an answer for fields that were edited since is not shown
};

} // namespace LeadRelay
