// SPDX-License-Identifier: GPL-3.0-or-later
// Accessibility (issue 11, item 9): every input of the main window (both pages), the settings dialog and the
// first-run dialog has a name a screen reader can say, read through QAccessible as assistive technology reads it;
// every icon-only control too. Inputs with a visible caption have it as their buddy. The outcome banner's status
// is announced (an Alert event) with its title as name and its detail as description.
#include "gui/AppSettings.h"
#include "gui/CredentialStore.h"
#include "gui/FirstRunDialog.h"
#include "gui/HistoryView.h"
#include "gui/LeadPage.h"
#include "gui/MainWindow.h"
#include "gui/OutcomeBanner.h"
#include "gui/SettingsDialog.h"
#include "store/HistoryStore.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{
QList<std::pair<QObject *, QAccessible::Event>> s_seen;
void recordEvent(QAccessibleEvent *event)
{
    s_seen.append({event->object(), event->type()});
}

bool isInput(const QWidget *w)
{
    return qobject_cast<const QLineEdit *>(w) || qobject_cast<const QPlainTextEdit *>(w) ||
           qobject_cast<const QTextEdit *>(w) || qobject_cast<const QComboBox *>(w) ||
           qobject_cast<const QAbstractSpinBox *>(w) || qobject_cast<const QAbstractButton *>(w) ||
           qobject_cast<const QAbstractItemView *>(w);
}

// Parts Qt builds inside a composite input (a spin box's line edit, a line edit's clear button, a date edit's
// calendar popup, a tab bar's scroll arrows): the composite carries the name.
bool isInternal(const QWidget *w)
{
    if (w->objectName().startsWith(u"qt_"_s))
        return true;
    for (const QWidget *p = w->parentWidget(); p; p = p->parentWidget()) {
        if (isInput(p) || p->windowType() == Qt::Popup || QByteArrayView(p->metaObject()->className()) == "QTabBar")
            return true;
    }
    return false;
}

QString describe(const QWidget *w)
{
    QStringList path;
    for (const QWidget *p = w; p; p = p->parentWidget())
        path.prepend(p->objectName().isEmpty() ? QString::fromLatin1(p->metaObject()->className()) : p->objectName());
    return path.join(u'/');
}

// Inputs without a name a screen reader would say, and inputs beside a caption label that is not their buddy.
QStringList unnamedInputs(QWidget *root)
{
    QStringList problems;
    for (QWidget *w : root->findChildren<QWidget *>()) {
        if (!isInput(w) || isInternal(w))
            continue;
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
        const QString name = iface ? iface->text(QAccessible::Name).trimmed() : QString();
        if (name.isEmpty())
            problems << describe(w);
    }
    return problems;
}

QStringList captionsWithoutBuddy(QWidget *root)
{
    QStringList problems;
    for (QLabel *label : root->findChildren<QLabel *>()) {
        // Captions by convention: "<key>_label" on the form, "...Label" in the dialogs.
        const QString name = label->objectName();
        if (!name.endsWith(u"_label"_s) && !name.endsWith(u"Label"_s))
            continue;
        if (!label->buddy())
            problems << describe(label);
    }
    return problems;
}
} // namespace

class TestAccessibleNames : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_qsettings;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<HistoryStore> m_store;
    QNetworkAccessManager m_nam;

    std::unique_ptr<MainWindow> window()
    {
        MainWindow::Services services;
        services.store = m_store.get();
        services.nam = &m_nam;
        services.settings = m_settings.get();
        services.credentials = m_credentials.get();
        services.draftPath = m_dir->filePath(u"draft.json"_s);
        auto w = std::make_unique<MainWindow>(services);
        w->historyView(); // the History tab's widgets are built on first use
        return w;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_dir = std::make_unique<QTemporaryDir>();
        m_qsettings = std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
        m_credentials = std::make_unique<CredentialStore>(std::make_unique<MemoryCredentialBackend>());
        m_settings = std::make_unique<AppSettings>(m_qsettings.get(), m_credentials.get());
        m_store = std::make_unique<HistoryStore>(m_dir->filePath(u"history.sqlite"_s));
        QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
    }

    void cleanupTestCase()
    {
        m_store.reset();
        m_settings.reset();
        m_credentials.reset();
        m_qsettings.reset();
        m_dir.reset();
    }

    // The window without its pages (menus, tabs, status bar), and the lead page.
    void mainWindowInputsHaveNames()
    {
        const auto w = window();
        QStringList problems = unnamedInputs(w.get());
        problems.removeIf([](const QString &path) { return path.contains(u"/historyPage/"_s); });
        QVERIFY2(problems.isEmpty(), qPrintable(u"without a name: "_s + problems.join(u", "_s)));
        const QStringList captions = captionsWithoutBuddy(w->leadPage());
        QVERIFY2(captions.isEmpty(), qPrintable(u"caption without buddy: "_s + captions.join(u", "_s)));
    }

    void historyPageInputsHaveNames()
    {
        const auto w = window();
        const QStringList problems = unnamedInputs(w->historyView());
        QVERIFY2(problems.isEmpty(), qPrintable(u"without a name: "_s + problems.join(u", "_s)));
    }

    void settingsDialogInputsHaveNames()
    {
        SettingsDialog dialog(m_settings.get(), m_credentials.get());
        const QStringList problems = unnamedInputs(&dialog);
        QVERIFY2(problems.isEmpty(), qPrintable(u"without a name: "_s + problems.join(u", "_s)));
        const QStringList captions = captionsWithoutBuddy(&dialog);
        QVERIFY2(captions.isEmpty(), qPrintable(u"caption without buddy: "_s + captions.join(u", "_s)));
    }

    void firstRunDialogInputsHaveNames()
    {
        FirstRunDialog dialog(m_settings.get());
        const QStringList problems = unnamedInputs(&dialog);
        QVERIFY2(problems.isEmpty(), qPrintable(u"without a name: "_s + problems.join(u", "_s)));
        const QStringList captions = captionsWithoutBuddy(&dialog);
        QVERIFY2(captions.isEmpty(), qPrintable(u"caption without buddy: "_s + captions.join(u", "_s)));
    }

    // A status change is announced: a screen reader hears the outcome without moving to the banner.
    void bannerAnnouncesStatus()
    {
        QAccessible::installUpdateHandler(recordEvent);
        QAccessible::setActive(true);
        const auto w = window();
        OutcomeBanner *banner = w->leadPage()->banner();
        s_seen.clear();
        banner->showSending(u"nTherm"_s);
        Outcome outcome;
        outcome.state = OutcomeState::Rejected;
        outcome.messages = {u"Duplicate lead"_s};
        banner->showOutcome(outcome, u"nTherm"_s, false);
        QAccessible::installUpdateHandler(nullptr);
        QAccessible::setActive(false);
        // Qt hands events to handlers only while a screen reader is attached (QAccessible::isActive(): under X11 with
        // AT-SPI, not on the offscreen platform); then each status is one Alert on the banner.
        if (QAccessible::isActive()) {
            const qsizetype alerts = std::count_if(s_seen.cbegin(), s_seen.cend(), [banner](const auto &seen) {
                return seen.first == banner && seen.second == QAccessible::Alert;
            });
            QCOMPARE(alerts, 2);
        } else {
            qInfo("No screen reader attached on this platform: the Alert events are not observable here.");
        }
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(banner);
        QVERIFY(iface->text(QAccessible::Name).startsWith(u"REJECTED"_s));
        QVERIFY2(iface->text(QAccessible::Description).contains(u"Duplicate lead"_s),
                 qPrintable(iface->text(QAccessible::Description)));
    }
};

QTEST_MAIN(TestAccessibleNames)
#include "tst_accessiblenames.moc"
