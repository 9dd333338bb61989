// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Opens the history chosen in Settings → History when LeadRelay starts (main.cpp), before the window exists.
// A team server gets its password first: LEADRELAY_DB_PASSWORD when set, else the keychain (asynchronous; with
// neither, libpq reads ~/.pgpass). When the team server cannot be opened the user is asked, in plain words, to
// try again, open Settings, use this computer's history for now, or quit; LeadRelay never switches on its own.
// The draft of a half-typed lead is on disk (DraftStore) and offered by the window whichever history opens.
// Usage (main.cpp):
//   HistoryStartup startup(&settings, &credentials);
//   connect(&startup, &HistoryStartup::opened, &app, [&] { store = startup.takeStore(); ... build the window });
//   connect(&startup, &HistoryStartup::failed, &app, [](const QString &why) { ... show why, exit 1 });
//   QTimer::singleShot(0, &startup, &HistoryStartup::start);
// Tests replace the question (setAsk) and the Settings dialog (setEditSettings), so nothing blocks them.

#include "store/HistoryLocation.h"

#include <QObject>

#include <functional>
#include <memory>

namespace LeadRelay
{

class AppSettings;
class CredentialStore;
class HistoryStore;

class HistoryStartup : public QObject
{
    Q_OBJECT

public:
    static constexpr auto PasswordVariable = "LEADRELAY_DB_PASSWORD";

    enum class Choice
    {
        Retry,
        OpenSettings,
        UseThisComputer, // this session only: the setting stays "Team server" for the next start
        Quit,
    };
    // Asked when the team server could not be opened; problem names the server and what is wrong.
    using Ask = std::function<Choice(const QString &problem)>;

    HistoryStartup(AppSettings *settings, CredentialStore *credentials, QObject *parent = nullptr);
    ~HistoryStartup() override;

    void setAsk(Ask ask);                             // default: a message box with the four choices
    void setEditSettings(std::function<void()> edit); // default: the Settings dialog, modal

    void start();
    // This computer's history file is handed over unopened; the caller opens it (openHandedOver) once the window is
    // painted. Opening loads the SQLite driver, checks the schema and applies the side journal: a few milliseconds
    // the first screen does not need (issue 13). A team server is always opened here: its questions come first.
    void setDeferFileOpen(bool defer) { m_deferFileOpen = defer; }
    // Opens a store handed over unopened; on failure, the words failed() would have carried.
    static bool openHandedOver(HistoryStore *store, QString *why);
    // After opened(): the open store, handed over once.
    std::unique_ptr<HistoryStore> takeStore();
    // The team server was chosen but this computer's history is open instead, at the user's word.
    bool usingThisComputerInstead() const { return m_instead; }
    QString lastProblem() const { return m_problem; }

Q_SIGNALS:
    void opened();
    // Nothing can be opened (this computer's file is unusable, or the user chose Quit: then why is empty).
    void failed(const QString &why);

private:
    void openServer(const HistoryLocation &server, const QString &password);
    void openFile(bool instead);
    void askAboutServer(const QString &problem);

    AppSettings *m_settings;
    CredentialStore *m_credentials;
    Ask m_ask;
    std::function<void()> m_editSettings;
    std::unique_ptr<HistoryStore> m_store;
    bool m_instead = false;
    bool m_deferFileOpen = false;
    QString m_problem;
};

} // namespace LeadRelay
