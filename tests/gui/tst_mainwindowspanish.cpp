// SPDX-License-Identifier: GPL-3.0-or-later
// Spanish (issue 11, item 8): shortcuts in labels are written by Qt in the platform's native, translated text rather
// than a hard-coded "Ctrl+Return"; Qt's own catalogue gives the dialog buttons; leadrelay-cli loads its translation
// as the desktop app does; and with the compiled Spanish catalogue loaded, no visible string of the main window (both
// pages), the settings dialog or the first-run dialog is still its English source (brand names allowed).
#include "gui/AppSettings.h"
#include "gui/CredentialStore.h"
#include "gui/FirstRunDialog.h"
#include "gui/LeadPage.h"
#include "gui/MainWindow.h"
#include "gui/SettingsDialog.h"
#include "store/HistoryStore.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{
// Qt's key names as a Spanish catalogue has them ("Return" is "Intro"), without depending on one being installed.
class KeyNamesTranslator : public QTranslator
{
public:
    QString translate(const char *context, const char *sourceText, const char *, int) const override
    {
        if (qstrcmp(context, "QShortcut") == 0 && qstrcmp(sourceText, "Return") == 0)
            return u"Intro"_s;
        return {};
    }
    bool isEmpty() const override { return false; }
};

// One string on screen (or read out by a screen reader): where, and the text.
struct Shown
{
    QString where;
    QString text;
};

QString pathOf(const QObject *object)
{
    QStringList path;
    for (const QObject *o = object; o; o = o->parent())
        path.prepend(o->objectName().isEmpty() ? QString::fromLatin1(o->metaObject()->className()) : o->objectName());
    return path.join(u'/');
}

QList<Shown> visibleTexts(QWidget *root)
{
    QList<Shown> shown;
    auto add = [&shown](const QObject *o, const QString &what, const QString &text) {
        if (!text.trimmed().isEmpty())
            shown << Shown{pathOf(o) + u'.' + what, text};
    };
    add(root, u"windowTitle"_s, root->windowTitle());
    for (QWidget *w : root->findChildren<QWidget *>()) {
        add(w, u"toolTip"_s, w->toolTip());
        add(w, u"accessibleName"_s, w->accessibleName());
        add(w, u"accessibleDescription"_s, w->accessibleDescription());
        if (auto *label = qobject_cast<QLabel *>(w))
            add(w, u"text"_s, label->text());
        if (auto *button = qobject_cast<QAbstractButton *>(w))
            add(w, u"text"_s, button->text());
        if (auto *group = qobject_cast<QGroupBox *>(w))
            add(w, u"title"_s, group->title());
        if (auto *edit = qobject_cast<QLineEdit *>(w))
            add(w, u"placeholderText"_s, edit->placeholderText());
        if (auto *edit = qobject_cast<QPlainTextEdit *>(w)) {
            add(w, u"placeholderText"_s, edit->placeholderText());
            add(w, u"plainText"_s, edit->toPlainText());
        }
        if (auto *combo = qobject_cast<QComboBox *>(w))
            for (int i = 0; i < combo->count(); ++i)
                add(w, u"item%1"_s.arg(i), combo->itemText(i));
        if (auto *tabs = qobject_cast<QTabWidget *>(w))
            for (int i = 0; i < tabs->count(); ++i)
                add(w, u"tab%1"_s.arg(i), tabs->tabText(i));
        if (auto *menu = qobject_cast<QMenu *>(w))
            add(w, u"title"_s, menu->title());
        if (auto *view = qobject_cast<QAbstractItemView *>(w); view && view->model())
            for (int i = 0; i < view->model()->columnCount(); ++i)
                add(w, u"header%1"_s.arg(i), view->model()->headerData(i, Qt::Horizontal).toString());
    }
    for (QAction *action : root->findChildren<QAction *>()) {
        add(action, u"text"_s, action->text());
        add(action, u"toolTip"_s, action->toolTip());
    }
    return shown;
}

// Text that must read differently in Spanish: not a brand name, an example value, a code or a number.
bool mustBeTranslated(const QString &english)
{
    QString text = english;
    text.remove(u'&');
    static const QStringList allowed{u"TrustedForm"_s,
                                     u"Jornaya LeadiD"_s,
                                     u"Jornaya"_s,
                                     u"LeadiD"_s,
                                     u"ZIP+4"_s,
                                     u"nTherm"_s,
                                     u"Bright Horizons Media"_s,
                                     u"LeadRelay"_s,
                                     u"lead"_s,
                                     u"Sub"_s,
                                     u"URL"_s,
                                     u"IP"_s,
                                     u"JSON"_s,
                                     u"UTC"_s,
                                     u"SQLite"_s};
    for (const QString &word : allowed)
        text.replace(word, u" "_s, word == u"lead"_s ? Qt::CaseInsensitive : Qt::CaseSensitive);
    // Example values and formats that are the same in any language: addresses, e-mails, IPs, codes, a masked id.
    static const QRegularExpression example(uR"(^\S*[.@/_:]\S*$|^[X-]+$|^[A-Z]{1,2}$)"_s);
    if (example.match(text.trimmed()).hasMatch())
        return false;
    qsizetype letters = 0;
    for (const QChar c : std::as_const(text))
        letters += c.isLetter() ? 1 : 0;
    // Words that are spelt the same in Spanish.
    static const QStringList same{u"No"_s, u"Final"_s, u"General"_s};
    return letters >= 2 && !same.contains(text.trimmed());
}
} // namespace

class TestMainWindowSpanish : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void shortcutsInNativeTranslatedText()
    {
        KeyNamesTranslator keyNames;
        QVERIFY(QCoreApplication::installTranslator(&keyNames));
        QTemporaryDir dir;
        QSettings qsettings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        CredentialStore credentials(std::make_unique<MemoryCredentialBackend>());
        AppSettings settings(&qsettings, &credentials);
        HistoryStore store(dir.filePath(u"history.sqlite"_s));
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        QNetworkAccessManager nam;
        MainWindow::Services services;
        services.store = &store;
        services.nam = &nam;
        services.settings = &settings;
        services.draftPath = dir.filePath(u"draft.json"_s);
        {
            MainWindow window(services);
            const QString hint = window.leadPage()->findChild<QLabel *>(u"submit_hint"_s)->text();
            QVERIFY2(hint.startsWith(u"Ctrl+Intro"_s) && !hint.contains(u"Return"_s), qPrintable(hint));
            QVERIFY2(hint.contains(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)),
                     qPrintable(hint));
            const QString tip = window.leadPage()->findChild<QPushButton *>(u"submit"_s)->toolTip();
            QVERIFY2(tip.contains(u"Ctrl+Intro"_s), qPrintable(tip));
        }
        QCoreApplication::removeTranslator(&keyNames);
    }

    // Every visible string differs from its English source once the compiled catalogue (:/i18n/leadrelay_es.qm, built
    // from translations/leadrelay_es.ts) is loaded. The English and the Spanish windows are built the same way, so
    // their strings pair up one to one.
    void noVisibleEnglishLeft()
    {
        QTemporaryDir dir;
        QSettings qsettings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        CredentialStore credentials(std::make_unique<MemoryCredentialBackend>());
        AppSettings settings(&qsettings, &credentials);
        HistoryStore store(dir.filePath(u"history.sqlite"_s));
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        QNetworkAccessManager nam;
        MainWindow::Services services;
        services.store = &store;
        services.nam = &nam;
        services.settings = &settings;
        services.draftPath = dir.filePath(u"draft.json"_s);
        auto collect = [&] {
            QList<Shown> all;
            MainWindow window(services);
            window.historyView();
            all << visibleTexts(&window);
            SettingsDialog settingsDialog(&settings, &credentials);
            all << visibleTexts(&settingsDialog);
            FirstRunDialog firstRun(&settings);
            all << visibleTexts(&firstRun);
            return all;
        };
        const QList<Shown> english = collect();

        QTranslator app;
        QVERIFY(app.load(u":/i18n/leadrelay_es.qm"_s));
        QTranslator qt;
        const bool haveQt = qt.load(QLocale(QLocale::Spanish, QLocale::UnitedStates), u"qtbase"_s, u"_"_s,
                                    QLibraryInfo::path(QLibraryInfo::TranslationsPath));
        QCoreApplication::installTranslator(&app);
        if (haveQt)
            QCoreApplication::installTranslator(&qt);
        QLocale::setDefault(QLocale(QLocale::Spanish, QLocale::UnitedStates)); // month names, as under LANG=es_US
        const QList<Shown> spanish = collect();
        QLocale::setDefault(QLocale::c());
        QCoreApplication::removeTranslator(&app);
        if (haveQt)
            QCoreApplication::removeTranslator(&qt);

        QCOMPARE(spanish.size(), english.size());
        QStringList untranslated;
        for (qsizetype i = 0; i < english.size(); ++i) {
            QCOMPARE(spanish.at(i).where, english.at(i).where);
            // The consent script is read to the customer in the customer's language, whatever LeadRelay's own; the
            // customer's languages are named each in itself, as language pickers do.
            if (english.at(i).where.contains(u"consent_script_text"_s) ||
                english.at(i).where.contains(u"consent_questions/"_s) ||
                english.at(i).where.contains(u"consent_language"_s))
                continue;
            if (spanish.at(i).text == english.at(i).text && mustBeTranslated(english.at(i).text))
                untranslated << u"%1: \"%2\""_s.arg(english.at(i).where.section(u'/', -2), english.at(i).text);
        }
        untranslated.removeDuplicates();
        for (const QString &line : std::as_const(untranslated))
            qWarning().noquote() << "still English:" << line;
        QVERIFY2(untranslated.isEmpty(),
                 qPrintable(u"\nStill English (%1):\n"_s.arg(untranslated.size()) + untranslated.join(u'\n')));
    }

    // The app loads qtbase_<locale> from Qt's translations folder (Debian: qt6-translations-l10n).
    void qtCatalogueGivesSpanishButtons()
    {
        const QString folder = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
        if (!QFile::exists(folder + u"/qtbase_es.qm"_s))
            QSKIP("qtbase_es.qm is not installed (Debian: qt6-translations-l10n)");
        QTranslator qt;
        QVERIFY(qt.load(QLocale(QLocale::Spanish, QLocale::UnitedStates), u"qtbase"_s, u"_"_s, folder));
        QCoreApplication::installTranslator(&qt);
        QDialogButtonBox buttons(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Close);
        QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text().remove(u'&'), u"Cancelar"_s);
        QCOMPARE(buttons.button(QDialogButtonBox::Close)->text().remove(u'&'), u"Cerrar"_s);
        QCOMPARE(buttons.button(QDialogButtonBox::Ok)->text().remove(u'&'), u"Aceptar"_s);
        QCoreApplication::removeTranslator(&qt);
    }

    // The desktop app's catalogue is still embedded in leadrelay_gui, now that leadrelay-cli embeds it too.
    void appCatalogueIsEmbedded() { QVERIFY(QFile::exists(u":/i18n/leadrelay_es.qm"_s)); }

    void cliSpeaksSpanish()
    {
        const QString cli = QStringLiteral(LEADRELAY_BIN_DIR) + u"/leadrelay-cli"_s;
        if (!QFile::exists(cli))
            QSKIP("leadrelay-cli is not built");
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"LC_ALL"_s);
        env.remove(u"LC_MESSAGES"_s);
        env.remove(u"LANGUAGE"_s);
        env.insert(u"LANG"_s, u"es_US.UTF-8"_s);
        process.setProcessEnvironment(env);
        process.start(cli, {u"--help"_s});
        QVERIFY(process.waitForFinished(30000));
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(out.startsWith(u"Uso: leadrelay-cli"_s), qPrintable(out));
    }
};

QTEST_MAIN(TestMainWindowSpanish)
#include "tst_mainwindowspanish.moc"
