// SPDX-License-Identifier: GPL-3.0-or-later
// Wiring only: application identity, translation, settings, credentials, history, network, the training
// simulator and the main window.
#include "gui/AppSettings.h"
#include "gui/CredentialStore.h"
#include "gui/MainWindow.h"
#include "net/VendorSimulator.h"
#include "store/HistoryStore.h"

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QTranslator>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"LeadRelay"_s);
    QApplication::setApplicationName(u"LeadRelay"_s);
    QApplication::setApplicationVersion(QStringLiteral(LEADRELAY_VERSION));
    QApplication::setWindowIcon(QIcon(u":/icons/leadrelay.svg"_s));

    QTranslator translator;
    if (translator.load(QLocale(), u"leadrelay"_s, u"_"_s, u":/i18n"_s))
        QApplication::installTranslator(&translator);
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);

    QSettings qsettings;
    CredentialStore credentials(std::make_unique<KeychainCredentialBackend>());
    credentials.load(AppSettings::vendorIds());
    AppSettings settings(&qsettings, &credentials);

    HistoryStore store(settings.historyDbPath());
    if (!store.open()) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "LeadRelay cannot start"),
                              QApplication::translate("main", "The submission history could not be opened.\n\n"
                                                              "File: %1\nDatabase error: %2")
                                  .arg(store.path(), store.lastError()));
        return 1;
    }

    QNetworkAccessManager nam;
    // Training accounts send here; it listens on loopback only, on a free port.
    VendorSimulator simulator;
    if (!simulator.listen(QHostAddress::LocalHost, 0))
        qWarning("The training simulator could not listen on loopback; training submissions will not be delivered.");

    MainWindow::Services services;
    services.store = &store;
    services.nam = &nam;
    services.settings = &settings;
    services.credentials = &credentials;
    services.simulatorBase = simulator.baseUrl();
    MainWindow window(services);
    window.show();
    return QApplication::exec();
}
