// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Clock.h"

#include <QMainWindow>
#include <QSet>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace Ui
{
class MainWindow;
}

namespace LeadRelay
{

class AppSettings;
class CallbackService;
class CredentialStore;
class HistoryStore;
class HistoryView;
class ImportDialog;
class LeadPage;
class SubmissionService;

// Arranges the pages (lead form, history) and the actions; the work is done by the pages.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    struct Services
    {
        HistoryStore *store = nullptr;
        QNetworkAccessManager *nam = nullptr;
        AppSettings *settings = nullptr;
        CredentialStore *credentials = nullptr; // may be null (tests: training accounts need none)
        QUrl simulatorBase;                     // the in-process VendorSimulator, for training accounts
        Clock clock = systemClock();
        QString draftPath; // empty: DraftStore::defaultPath()
        // The team server was chosen but could not be opened, and the user chose this computer's history for
        // this session (HistoryStartup): the title says so.
        bool historyInstead = false;
    };

    explicit MainWindow(const Services &services, QWidget *parent = nullptr);
    ~MainWindow() override;

    LeadPage *leadPage() const { return m_leadPage; }
    // The history page is built the first time it is shown (or asked for here): its model queries and counts the
    // history, which the lead form that the window opens on does not need.
    HistoryView *historyView();
    SubmissionService *submissionService() const { return m_service; }
    void showForm();
    void showHistory();
    void openSettings();
    // Lead → Import leads…: a non-modal dialog, closed with the window.
    ImportDialog *openImport();
    void openAbout();
    // main.cpp starts the training simulator after the first paint (its HTTP server loads the TLS backend) and
    // hands its address over here; training accounts send there from then on.
    void setSimulatorBase(const QUrl &base);
    // main.cpp opens this computer's history after the first paint (HistoryStartup::setDeferFileOpen): what the
    // window reads from it is read again here.
    void historyOpened();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QString agentName() const;
    int awaitingFinalHere();
    void fitToScreen();
    void updateTitle(const QString &vendorName, bool training);
    QString historyTitle() const;

    std::unique_ptr<Ui::MainWindow> m_ui;
    Services m_services;
    SubmissionService *m_service;
    CallbackService *m_callbacks;
    LeadPage *m_leadPage;
    QWidget *m_historyPage; // the History tab; holds m_history once built
    HistoryView *m_history = nullptr;
    QSet<QString> m_writtenHere; // submissions this window's store wrote since it opened
};

} // namespace LeadRelay
