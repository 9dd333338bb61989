// SPDX-License-Identifier: GPL-3.0-or-later
// Spanish (issue 11, item 8, the code part): shortcuts in labels are written by Qt in the platform's native,
// translated text rather than a hard-coded "Ctrl+Return"; Qt's own catalogue gives the dialog buttons; and
// leadrelay-cli loads its translation as the desktop app does.
#include "gui/AppSettings.h"
#include "gui/CredentialStore.h"
#include "gui/LeadPage.h"
#include "gui/MainWindow.h"
#include "store/HistoryStore.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLibraryInfo>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
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
