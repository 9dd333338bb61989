// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryStartup.h"

#include "AppSettings.h"
#include "CredentialStore.h"
#include "SettingsDialog.h"
#include "store/HistoryStore.h"

#include <QApplication>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{
Q_LOGGING_CATEGORY(lcStartup, "leadrelay.gui.startup")

HistoryStartup::Choice askWithMessageBox(const QString &problem)
{
    QMessageBox box(QMessageBox::Warning, HistoryStartup::tr("Team history not available"), problem,
                    QMessageBox::NoButton);
    QPushButton *retry = box.addButton(HistoryStartup::tr("Try again"), QMessageBox::AcceptRole);
    QPushButton *settings = box.addButton(HistoryStartup::tr("Settings…"), QMessageBox::ActionRole);
    QPushButton *local =
        box.addButton(HistoryStartup::tr("Use this computer's history for now"), QMessageBox::ActionRole);
    QPushButton *quit = box.addButton(HistoryStartup::tr("Quit"), QMessageBox::RejectRole);
    box.setDefaultButton(retry);
    box.setEscapeButton(quit);
    box.exec();
    if (box.clickedButton() == settings)
        return HistoryStartup::Choice::OpenSettings;
    if (box.clickedButton() == local)
        return HistoryStartup::Choice::UseThisComputer;
    if (box.clickedButton() == quit)
        return HistoryStartup::Choice::Quit;
    return HistoryStartup::Choice::Retry;
}
} // namespace

HistoryStartup::HistoryStartup(AppSettings *settings, CredentialStore *credentials, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_credentials(credentials)
    , m_ask(&askWithMessageBox)
    , m_editSettings([this] {
        SettingsDialog dialog(m_settings, m_credentials);
        dialog.exec();
    })
{}

HistoryStartup::~HistoryStartup() = default;

void HistoryStartup::setAsk(Ask ask)
{
    m_ask = std::move(ask);
}

void HistoryStartup::setEditSettings(std::function<void()> edit)
{
    m_editSettings = std::move(edit);
}

std::unique_ptr<HistoryStore> HistoryStartup::takeStore()
{
    return std::move(m_store);
}

void HistoryStartup::start()
{
    m_instead = false;
    const HistoryLocation location = m_settings->historyLocation();
    if (!location.isServer()) {
        openFile(false);
        return;
    }
    if (!location.isValid()) {
        askAboutServer(tr("The team server in Settings → History is not complete: %1").arg(location.error()));
        return;
    }
    if (qEnvironmentVariableIsSet(PasswordVariable)) {
        openServer(location, qEnvironmentVariable(PasswordVariable));
        return;
    }
    if (!m_credentials) {
        openServer(location, QString()); // libpq's ~/.pgpass, if any
        return;
    }
    // The keychain answers later (D-Bus, perhaps an unlock prompt); the window waits for the history.
    m_credentials->readTeamPassword(location, this,
                                    [this, location](const QString &password) { openServer(location, password); });
}

void HistoryStartup::openServer(const HistoryLocation &server, const QString &password)
{
    auto store = std::make_unique<HistoryStore>(server.uri());
    store->setPassword(password);
    if (store->open()) {
        m_store = std::move(store);
        Q_EMIT opened();
        return;
    }
    // The store logged its error (naming the server, never the password); the user gets the same words.
    qCInfo(lcStartup) << "team history not opened; asking what to do";
    askAboutServer(tr("LeadRelay could not open the team history.\n\n%1\n\n"
                      "You can try again, correct the server in Settings, or work with this computer's history "
                      "until the next start (your supervisor can copy those leads to the team history later).")
                       .arg(store->lastError()));
}

void HistoryStartup::askAboutServer(const QString &problem)
{
    m_problem = problem;
    switch (m_ask(problem)) {
    case Choice::Retry:
        break;
    case Choice::OpenSettings:
        m_editSettings();
        break;
    case Choice::UseThisComputer:
        openFile(true);
        return;
    case Choice::Quit:
        Q_EMIT failed(QString());
        return;
    }
    // Queued: a user pressing "Try again" at a dead server does not grow the stack.
    QTimer::singleShot(0, this, &HistoryStartup::start);
}

bool HistoryStartup::openHandedOver(HistoryStore *store, QString *why)
{
    if (store->isOpen() || store->open())
        return true;
    // The context and words main.cpp always used, so the existing translations still apply.
    *why = QCoreApplication::translate("main", "The submission history could not be opened.\n\n"
                                               "File: %1\nDatabase error: %2")
               .arg(store->path(), store->lastError());
    return false;
}

void HistoryStartup::openFile(bool instead)
{
    auto store = std::make_unique<HistoryStore>(m_settings->historyDbPath());
    if (QString why; !m_deferFileOpen && !openHandedOver(store.get(), &why)) {
        Q_EMIT failed(why);
        return;
    }
    m_instead = instead;
    m_store = std::move(store);
    Q_EMIT opened();
}

} // namespace LeadRelay
