// SPDX-License-Identifier: GPL-3.0-or-later
// Screenshots for the README (issue 11): make_desk_screenshots <folder>. Writes first-run.png (the first-run
// dialog), form-es.png (the lead form with the compiled Spanish catalogue and Qt's, under es_US) and
// window-1366x768.png (the main window as it opens on a 1366×768 screen). Run with QT_QPA_PLATFORM=offscreen.
#include "HistoryFixture.h"

#include "gui/AppSettings.h"
#include "gui/CredentialStore.h"
#include "gui/FirstRunDialog.h"
#include "gui/MainWindow.h"
#include "store/HistoryStore.h"

#include <QApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTranslator>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{
bool save(QWidget *widget, const QString &path)
{
    widget->show();
    QApplication::processEvents();
    return widget->grab().save(path);
}
} // namespace

int main(int argc, char **argv)
{
    // The screen a call-centre laptop has, as tst_mainwindowscreen describes it to the offscreen platform.
    QTemporaryDir config;
    const QString configFile = config.filePath(u"screen.json"_s);
    if (QFile file(configFile); file.open(QIODevice::WriteOnly))
        file.write(
            R"({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96}]})");
    if (qEnvironmentVariable("QT_QPA_PLATFORM") == u"offscreen"_s)
        qputenv("QT_QPA_PLATFORM", u"offscreen:configfile=%1"_s.arg(configFile).toLocal8Bit());
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QTextStream err(stderr);
    if (app.arguments().size() < 2) {
        err << "usage: make_desk_screenshots <folder>\n";
        return 2;
    }
    const QDir out(app.arguments().at(1));
    QTemporaryDir dir;
    QSettings qsettings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    CredentialStore credentials(std::make_unique<MemoryCredentialBackend>());
    AppSettings settings(&qsettings, &credentials);
    HistoryStore store(dir.filePath(u"history.sqlite"_s));
    if (!store.open() || !store.importRecords(Fixture::makeRecords(40, QDateTime::currentDateTimeUtc(), 7))) {
        err << store.lastError() << '\n';
        return 1;
    }
    QNetworkAccessManager nam;
    MainWindow::Services services;
    services.store = &store;
    services.nam = &nam;
    services.settings = &settings;
    services.credentials = &credentials;
    services.draftPath = dir.filePath(u"draft.json"_s);

    bool ok = true;
    {
        FirstRunDialog firstRun(&settings);
        ok = save(&firstRun, out.filePath(u"first-run.png"_s)) && ok;
    }
    settings.setAgentName(u"maria.g"_s);
    {
        MainWindow window(services);
        ok = save(&window, out.filePath(u"window-1366x768.png"_s)) && ok;
    }
    QTranslator leadRelay, qt;
    if (leadRelay.load(u":/i18n/leadrelay_es.qm"_s))
        QCoreApplication::installTranslator(&leadRelay);
    if (qt.load(QLocale(QLocale::Spanish, QLocale::UnitedStates), u"qtbase"_s, u"_"_s,
                QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qt);
    QLocale::setDefault(QLocale(QLocale::Spanish, QLocale::UnitedStates));
    {
        MainWindow window(services);
        ok = save(&window, out.filePath(u"form-es.png"_s)) && ok;
    }
    return ok ? 0 : 1;
}
