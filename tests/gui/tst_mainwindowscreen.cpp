// SPDX-License-Identifier: GPL-3.0-or-later
// The main window on the screens call centres use (issue 11, item 7): a 1366×768 laptop whose desktop panel takes
// a strip of the screen. The offscreen platform is given that screen through its configuration file, so the
// window really opens on it: it must open inside the available area and be usable there, the send button, the
// problem list and the status bar on screen.
#include "gui/AppSettings.h"
#include "gui/CredentialStore.h"
#include "gui/LeadForm.h"
#include "gui/LeadPage.h"
#include "gui/MainWindow.h"
#include "store/HistoryStore.h"

#include <QApplication>
#include <QFile>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

class TestMainWindowScreen : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_qsettings;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<HistoryStore> m_store;
    QNetworkAccessManager m_nam;
    std::unique_ptr<MainWindow> m_window;

    // The widget lies wholly inside the window and the screen's available area (not cut off at the bottom).
    bool onScreen(const QWidget *widget) const
    {
        const QRect inWindow(widget->mapTo(m_window.get(), QPoint(0, 0)), widget->size());
        const QRect global(widget->mapToGlobal(QPoint(0, 0)), widget->size());
        return widget->isVisible() && m_window->rect().contains(inWindow) &&
               QGuiApplication::primaryScreen()->availableGeometry().contains(global);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        const QScreen *screen = QGuiApplication::primaryScreen();
        QVERIFY(screen);
        if (screen->geometry().size() != QSize(1366, 768))
            QSKIP("Needs the offscreen platform with the 1366x768 screen this test's main() configures");
        m_qsettings = std::make_unique<QSettings>(m_dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        m_credentials = std::make_unique<CredentialStore>(std::make_unique<MemoryCredentialBackend>());
        m_settings = std::make_unique<AppSettings>(m_qsettings.get(), m_credentials.get());
        m_store = std::make_unique<HistoryStore>(m_dir.filePath(u"history.sqlite"_s));
        QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
        MainWindow::Services services;
        services.store = m_store.get();
        services.nam = &m_nam;
        services.settings = m_settings.get();
        services.credentials = m_credentials.get();
        services.draftPath = m_dir.filePath(u"draft.json"_s);
        m_window = std::make_unique<MainWindow>(services);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase() { m_window.reset(); }

    void opensInsideTheAvailableArea()
    {
        const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
        QVERIFY2(available.contains(m_window->frameGeometry()),
                 qPrintable(u"window %1,%2 %3x%4 on available %5x%6"_s.arg(m_window->frameGeometry().x())
                                .arg(m_window->frameGeometry().y())
                                .arg(m_window->frameGeometry().width())
                                .arg(m_window->frameGeometry().height())
                                .arg(available.width())
                                .arg(available.height())));
        // Room left for the window manager's title bar and border, which the window cannot measure before it is
        // mapped.
        QVERIFY(m_window->height() <= available.height() - 30);
    }

    void usableAt1366x768()
    {
        const QSize minimum = m_window->minimumSizeHint();
        qInfo("minimum size %dx%d, size %dx%d", minimum.width(), minimum.height(), m_window->width(),
              m_window->height());
        QVERIFY2(minimum.width() <= 1366 && minimum.height() <= 768 - 100,
                 qPrintable(u"minimum %1x%2"_s.arg(minimum.width()).arg(minimum.height())));
        LeadPage *page = m_window->leadPage();
        QVERIFY(onScreen(page->findChild<QPushButton *>(u"submit"_s)));
        QVERIFY(onScreen(page->findChild<QWidget *>(u"summary"_s)));
        QVERIFY(onScreen(m_window->statusBar()));
        // Nothing of the form is cut off at the right: it scrolls only up and down.
        auto *scroll = page->findChild<QScrollArea *>(u"form_scroll"_s);
        QVERIFY(scroll);
        QVERIFY2(scroll->widget()->minimumSizeHint().width() <= scroll->viewport()->width(),
                 qPrintable(u"form needs %1, has %2"_s.arg(scroll->widget()->minimumSizeHint().width())
                                .arg(scroll->viewport()->width())));
        // The form scrolls: its last field can be reached and shown by keyboard.
        QLineEdit *last = page->findChild<QLineEdit *>(u"sub1"_s);
        QVERIFY(last);
        page->form()->focusField(u"sub1"_s);
        QTRY_VERIFY(last->visibleRegion().boundingRect().height() == last->height());
    }
};

int main(int argc, char *argv[])
{
    // A 1366×768 screen, as the offscreen platform's configuration file describes it (unset: 800×600).
    QTemporaryDir configDir;
    const QString config = configDir.filePath(u"screens.json"_s);
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return 2;
    file.write(R"({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96}]})");
    file.close();
    if (qEnvironmentVariable("QT_QPA_PLATFORM").startsWith(u"offscreen"_s))
        qputenv("QT_QPA_PLATFORM", u"offscreen:configfile=%1"_s.arg(config).toLocal8Bit());
    QApplication app(argc, argv);
    TestMainWindowScreen test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_mainwindowscreen.moc"
