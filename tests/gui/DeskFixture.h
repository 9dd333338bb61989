// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One agent's desk for the main-window tests, made as the app makes it: its own settings file, an in-memory
// keychain (tests never touch a system keychain), a history file, the training simulator and the main window.

#include "CallingHoursClock.h"
#include "core/Lead.h"
#include "gui/AppSettings.h"
#include "gui/CredentialBackend.h"
#include "gui/CredentialStore.h"
#include "gui/MainWindow.h"
#include "net/VendorSimulator.h"
#include "store/HistoryStore.h"

#include <QNetworkAccessManager>
#include <QSettings>
#include <QTemporaryDir>

#include <memory>

namespace LeadRelay::DeskTest
{

using namespace Qt::StringLiterals;

// A lead valid for both vendors, consent not yet recorded.
inline Lead validLead()
{
    Lead lead;
    lead.firstName = u"John"_s;
    lead.lastName = u"Doe"_s;
    lead.phone = u"(310) 555-1212"_s;
    lead.email = u"john.doe@example.com"_s;
    lead.street = u"123 Main St"_s;
    lead.city = u"Los Angeles"_s;
    lead.state = u"CA"_s;
    lead.zip = u"90001"_s;
    lead.mailingSameAsService = true;
    lead.decisionMaker = u"Jane Doe"_s;
    lead.utility = u"Utility Provider"_s;
    lead.campaign = u"OHIO_GENERAL_RESIDENTIAL"_s;
    lead.trustedFormCertUrl = u"https://cert.trustedform.com/0123456789abcdef0123456789abcdef01234567"_s;
    lead.jornayaLeadId = u"01234567-89AB-CDEF-0123-456789ABCDEF"_s;
    lead.ip = u"184.248.249.118"_s;
    lead.sourceUrl = u"https://www.example.com/form/"_s;
    lead.sub1 = u"agent-desk-7"_s;
    return lead;
}

struct Desk
{
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<QSettings> qsettings;
    std::unique_ptr<CredentialStore> credentials;
    std::unique_ptr<AppSettings> settings;
    std::unique_ptr<HistoryStore> store;
    std::unique_ptr<QNetworkAccessManager> nam;
    std::unique_ptr<VendorSimulator> simulator;
    std::unique_ptr<MainWindow> window;

    QString draftPath() const { return dir->filePath(u"draft.json"_s); }

    // Everything but the window, agent "maria.g". Empty when ready, otherwise what could not start.
    QString setUp(int callbackDelayMs)
    {
        dir = std::make_unique<QTemporaryDir>();
        if (!dir->isValid())
            return u"no temporary folder"_s;
        qsettings = std::make_unique<QSettings>(dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
        credentials = std::make_unique<CredentialStore>(std::make_unique<MemoryCredentialBackend>());
        settings = std::make_unique<AppSettings>(qsettings.get(), credentials.get());
        settings->setAgentName(u"maria.g"_s);
        store = std::make_unique<HistoryStore>(dir->filePath(u"history.sqlite"_s));
        if (!store->open())
            return store->lastError();
        nam = std::make_unique<QNetworkAccessManager>();
        simulator = std::make_unique<VendorSimulator>();
        if (!simulator->listen())
            return u"the simulator cannot listen"_s;
        simulator->setCallbackDelayMs(callbackDelayMs);
        return {};
    }

    // Built and shown; the caller waits for it to be exposed or active as its test needs.
    void openWindow()
    {
        MainWindow::Services services;
        services.store = store.get();
        services.nam = nam.get();
        services.settings = settings.get();
        services.credentials = credentials.get();
        services.simulatorBase = simulator->baseUrl();
        services.draftPath = draftPath();
        services.clock = Test::callingHoursClock();
        window = std::make_unique<MainWindow>(services);
        window->show();
    }

    // In the reverse order of setUp().
    void tearDown()
    {
        window.reset();
        simulator.reset();
        nam.reset();
        store.reset();
        settings.reset();
        credentials.reset();
        qsettings.reset();
        dir.reset();
    }
};

} // namespace LeadRelay::DeskTest
