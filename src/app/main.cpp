// SPDX-License-Identifier: GPL-3.0-or-later
// Wiring only: application identity, translation, settings, credentials, history, network, the training
// simulator and the main window.
#include "LeadRelayVersion.h"
#include "core/LeadValidator.h"
#include "core/Translations.h"
#include "gui/AppSettings.h"
#include "gui/CredentialStore.h"
#include "gui/FirstPaintNotifier.h"
#include "gui/FirstRunDialog.h"
#include "gui/HistoryStartup.h"
#include "gui/MainWindow.h"
#include "gui/PngIcons.h"
#include "net/VendorSimulator.h"
#include "store/HistoryStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLocale>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <future>
#include <memory>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

void setIdentity()
{
    QCoreApplication::setOrganizationName(u"LeadRelay"_s);
    QCoreApplication::setApplicationName(u"LeadRelay"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LEADRELAY_VERSION_TEXT));
}

// --help and --version answer before any window system is touched, so they work over SSH, on a server without a
// display, and in the build (help2man writes the manual page from them). -1: neither was asked for.
int answerWithoutDisplay(int &argc, char **argv)
{
    bool asked = false;
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView argument(argv[i]);
        asked = asked || argument == "-h" || argument == "--help" || argument == "-?" || argument == "-v" ||
                argument == "--version";
    }
    if (!asked)
        return -1;
    QCoreApplication app(argc, argv);
    setIdentity();
    installTranslations(&app);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Enter energy leads and send them to nTherm or Bright Horizons Media.\n"
                                            "Qt's own options (-platform, -style, -reverse, ...) are accepted too."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app); // prints the answer and exits
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    if (const int exitCode = answerWithoutDisplay(argc, argv); exitCode >= 0)
        return exitCode;

    QApplication app(argc, argv);
    setIdentity();
    QGuiApplication::setDesktopFileName(u"org.example.leadrelay"_s);
    // The style as Qt chose it (or -style), with the menu bar's icon read without the image format plugins.
    QApplication::setStyle(new PngIconStyle(QApplication::style()));
    warmStylePixmaps();
    installTranslations(&app);

    QSettings qsettings;
    CredentialStore credentials(std::make_unique<KeychainCredentialBackend>());
    AppSettings settings(&qsettings, &credentials);

    // The history chosen in Settings → History; a team server may need the keychain's password first, and may
    // need the user's word when it cannot be reached. The window is built once a history is open.
    QNetworkAccessManager nam;
    std::unique_ptr<HistoryStore> store;
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<VendorSimulator> simulator;
    std::future<void> phoneRules; // loads on a worker thread after the first paint; waited for when main returns
    HistoryStartup startup(&settings, &credentials);
    // This computer's history opens once the window is painted (below); a key typed before waits in Qt's queue.
    startup.setDeferFileOpen(true);
    // Until the window is up, closing the start-up question or Settings must not end LeadRelay on its own.
    QGuiApplication::setQuitOnLastWindowClosed(false);
    QObject::connect(&startup, &HistoryStartup::failed, &app, [](const QString &why) {
        if (!why.isEmpty())
            QMessageBox::critical(nullptr, QApplication::translate("main", "LeadRelay cannot start"), why);
        QCoreApplication::exit(1);
    });
    QObject::connect(&startup, &HistoryStartup::opened, &app, [&] {
        store = startup.takeStore();
        MainWindow::Services services;
        services.store = store.get();
        services.nam = &nam;
        services.settings = &settings;
        services.credentials = &credentials;
        services.historyInstead = startup.usingThisComputerInstead();
        window = std::make_unique<MainWindow>(services);
        window->show();
        QGuiApplication::setQuitOnLastWindowClosed(true);

        const bool exitAfterFirstPaint = qEnvironmentVariableIntValue("LEADRELAY_EXIT_AFTER_FIRST_PAINT") == 1;
        // Training accounts send here; it listens on loopback only, on a free port. Started after the first paint:
        // its HTTP server loads the TLS backend, and no lead can be typed and sent in the moment before.
        FirstPaintNotifier::watch(
            window.get(), [&credentials, &settings, &simulator, &phoneRules, &window, &store, exitAfterFirstPaint] {
                if (exitAfterFirstPaint) {
                    // bench/bench_coldstart reads this line: the window is on screen.
                    std::fputs("first-paint\n", stdout);
                    std::fflush(stdout);
                }
                // The agent may already be typing: a history that cannot be opened ends LeadRelay as it always did,
                // before anything is sent (a lead sent in the moment before is refused: its row cannot be written).
                if (QString why; !HistoryStartup::openHandedOver(store.get(), &why)) {
                    QMessageBox::critical(window.get(), QApplication::translate("main", "LeadRelay cannot start"), why);
                    QCoreApplication::exit(1);
                    return;
                }
                window->historyOpened();
                if (exitAfterFirstPaint) {
                    QCoreApplication::exit(0);
                    return;
                }
                // libphonenumber's metadata (~10 ms) is not needed to show the form either; loaded off the GUI thread
                // so that the agent's first phone digit does not wait for it (a digit typed sooner waits, is kept).
                phoneRules = std::async(std::launch::async, loadPhoneRules);
                // The clear buttons' icon from the desktop's icon theme (~10 ms under X11), before the agent's first
                // character shows one; not needed for the first paint (the buttons are hidden while fields are empty).
                warmClearButtonIcon();
                // Not before: an SVG loads Qt's SVG icon engine, which the first frame does not need (issue 13). The
                // window sets its own then too; this one is for the dialogs, the first-run one included.
                QApplication::setWindowIcon(QIcon(u":/icons/leadrelay.svg"_s));
                // The keychain (D-Bus, the Secret Service, perhaps an unlock prompt) is not needed to show the form:
                // training accounts need no credentials, and the window refreshes the accounts when loaded() arrives.
                // The first start asks the agent's name and the defaults, over the window it will fill (window-modal,
                // so the window is painted first and the lead page follows the answers through AppSettings::changed).
                FirstRunDialog::offer(&settings, window.get());
                credentials.load(AppSettings::vendorIds());
                simulator = std::make_unique<VendorSimulator>();
                if (simulator->listen(QHostAddress::LocalHost, 0))
                    window->setSimulatorBase(simulator->baseUrl());
                else
                    qWarning("The training simulator could not listen on loopback; training submissions will not be "
                             "delivered.");
            });
    });
    // Once the event loop runs, so that failed() can end it.
    QTimer::singleShot(0, &startup, &HistoryStartup::start);
    return QApplication::exec();
}
