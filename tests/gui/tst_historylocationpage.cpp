// SPDX-License-Identifier: GPL-3.0-or-later
// Settings → History (issue 9, "In the app"): this computer or a team server; the server's address to the
// settings without its password, the password to the keychain only; "Test connection" on a worker thread.
#include "gui/AppSettings.h"
#include "gui/CredentialStore.h"
#include "gui/HistoryLocationPage.h"
#include "gui/SettingsDialog.h"
#include "store/HistoryStore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace LeadRelay;
using namespace Qt::StringLiterals;

namespace
{

const QString Password = u"Fl00r-pa55-9c2e"_s;

// The memory keychain, remembering which keys were written: the password must arrive under the team key.
class RecordingBackend : public CredentialBackend
{
public:
    explicit RecordingBackend(QHash<QString, QString> *values)
        : m_values(values)
    {}
    void read(const QString &key, QObject *context, CredentialDone done) override
    {
        const CredentialResult result = m_values->contains(key)
                                            ? CredentialResult{CredentialResult::Ok, m_values->value(key), {}}
                                            : CredentialResult{CredentialResult::NotFound, {}, {}};
        QTimer::singleShot(0, context, [done, result] { done(result); });
    }
    void write(const QString &key, const QString &value, QObject *context, CredentialDone done) override
    {
        m_values->insert(key, value);
        QTimer::singleShot(0, context, [done] { done(CredentialResult{CredentialResult::Ok, {}, {}}); });
    }
    void remove(const QString &key, QObject *context, CredentialDone done) override
    {
        m_values->remove(key);
        QTimer::singleShot(0, context, [done] { done(CredentialResult{CredentialResult::Ok, {}, {}}); });
    }

private:
    QHash<QString, QString> *m_values;
};

template <typename T> T *child(QObject *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found)
        qWarning("no child %s", qPrintable(name));
    return found;
}

void enterServer(QObject *dialog, const QString &host, int port, const QString &database, const QString &user,
                 const QString &sslMode, const QString &password)
{
    child<QRadioButton>(dialog, u"teamServerRadio"_s)->click();
    child<QLineEdit>(dialog, u"serverHostEdit"_s)->setText(host);
    child<QSpinBox>(dialog, u"serverPortSpin"_s)->setValue(port);
    child<QLineEdit>(dialog, u"serverDatabaseEdit"_s)->setText(database);
    child<QLineEdit>(dialog, u"serverUserEdit"_s)->setText(user);
    auto *tls = child<QComboBox>(dialog, u"serverTlsCombo"_s);
    tls->setCurrentIndex(tls->findData(sslMode));
    auto *passwordEdit = child<QLineEdit>(dialog, u"serverPasswordEdit"_s);
    passwordEdit->clear();
    QTest::keyClicks(passwordEdit, password); // typed, as the agent does
}

// A loopback port with nothing listening: connecting is refused at once.
quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace

class TestHistoryLocationPage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString confPath(const QString &name) const { return m_dir.filePath(name + u".conf"_s); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void defaultsToThisComputer()
    {
        QSettings conf(confPath(u"defaults"_s), QSettings::IniFormat);
        AppSettings settings(&conf);
        QVERIFY(!settings.historyOnServer());
        QVERIFY(!settings.historyLocation().isServer());
        QCOMPARE(settings.historyLocation().path(), HistoryStore::defaultPath());
        SettingsDialog dialog(&settings, nullptr);
        QVERIFY(child<QRadioButton>(&dialog, u"thisComputerRadio"_s)->isChecked());
        QVERIFY(!child<QWidget>(&dialog, u"serverBox"_s)->isEnabled());
        QCOMPARE(child<QLineEdit>(&dialog, u"historyPathEdit"_s)->text(),
                 QDir::toNativeSeparators(HistoryStore::defaultPath()));
        // A new team server encrypts unless told otherwise.
        QCOMPARE(child<QComboBox>(&dialog, u"serverTlsCombo"_s)->currentData().toString(), u"require"_s);
    }

    void serverRoundTrip_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("sslMode");
        QTest::addColumn<QString>("uri");
        QTest::newRow("floor server, TLS required")
            << u"floor.example.com"_s << 5432 << u"require"_s
            << u"postgresql://maria@floor.example.com/leadrelay?sslmode=require"_s;
        QTest::newRow("other port, full check") << u"10.0.4.20"_s << 6543 << u"verify-full"_s
                                                << u"postgresql://maria@10.0.4.20:6543/leadrelay?sslmode=verify-full"_s;
        QTest::newRow("trusted network") << u"pg.local"_s << 5432 << u"disable"_s
                                         << u"postgresql://maria@pg.local/leadrelay?sslmode=disable"_s;
    }

    void serverRoundTrip()
    {
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, sslMode);
        QFETCH(QString, uri);
        const QString path = confPath(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_'));
        QHash<QString, QString> keychain;
        {
            QSettings conf(path, QSettings::IniFormat);
            CredentialStore credentials(std::make_unique<RecordingBackend>(&keychain));
            AppSettings settings(&conf, &credentials);
            SettingsDialog dialog(&settings, &credentials);
            enterServer(&dialog, host, port, u"leadrelay"_s, u"maria"_s, sslMode, Password);
            QVERIFY2(dialog.validationError().isEmpty(), qPrintable(dialog.validationError()));
            QSignalSpy saved(&credentials, &CredentialStore::saved);
            dialog.accept();
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
            QTRY_COMPARE(saved.size(), 1);

            QVERIFY(settings.historyOnServer());
            const HistoryLocation server = settings.historyLocation();
            QVERIFY(server.isServer());
            QVERIFY2(server.isValid(), qPrintable(server.error()));
            QCOMPARE(server.host(), host);
            QCOMPARE(server.port(), port);
            QCOMPARE(server.database(), u"leadrelay"_s);
            QCOMPARE(server.user(), u"maria"_s);
            QCOMPARE(server.sslMode(), sslMode);
            QCOMPARE(server.password(), QString());
            QCOMPARE(conf.value(QString::fromLatin1(AppSettings::HistoryServerUri)).toString(), uri);
            QCOMPARE(keychain.value(CredentialStore::teamPasswordKey(server)), Password);
            QCOMPARE(keychain.size(), 1);
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.contains(host.toUtf8()));
        QVERIFY2(!bytes.contains(Password.toUtf8()), "the team password is in the settings file");
        QVERIFY2(!bytes.contains(QUrl::toPercentEncoding(Password)), "the team password is in the settings file");

        // A new session: the fields come back from the settings, the password from the keychain.
        QSettings conf(path, QSettings::IniFormat);
        CredentialStore credentials(std::make_unique<RecordingBackend>(&keychain));
        AppSettings settings(&conf, &credentials);
        SettingsDialog dialog(&settings, &credentials);
        QVERIFY(child<QRadioButton>(&dialog, u"teamServerRadio"_s)->isChecked());
        QCOMPARE(child<QLineEdit>(&dialog, u"serverHostEdit"_s)->text(), host);
        QCOMPARE(child<QSpinBox>(&dialog, u"serverPortSpin"_s)->value(), port);
        QCOMPARE(child<QLineEdit>(&dialog, u"serverDatabaseEdit"_s)->text(), u"leadrelay"_s);
        QCOMPARE(child<QLineEdit>(&dialog, u"serverUserEdit"_s)->text(), u"maria"_s);
        QCOMPARE(child<QComboBox>(&dialog, u"serverTlsCombo"_s)->currentData().toString(), sslMode);
        QTRY_COMPARE(child<QLineEdit>(&dialog, u"serverPasswordEdit"_s)->text(), Password);
    }

    void passwordBelongsToItsServer()
    {
        // A password kept for one server is not offered to another: the key names server, database and user.
        const HistoryLocation a = HistoryLocation::server(u"a.example.com"_s, 5432, u"leadrelay"_s, u"maria"_s, {});
        const HistoryLocation b = HistoryLocation::server(u"b.example.com"_s, 5432, u"leadrelay"_s, u"maria"_s, {});
        const HistoryLocation c = HistoryLocation::server(u"a.example.com"_s, 5432, u"leadrelay"_s, u"tom"_s, {});
        QVERIFY(CredentialStore::teamPasswordKey(a) != CredentialStore::teamPasswordKey(b));
        QVERIFY(CredentialStore::teamPasswordKey(a) != CredentialStore::teamPasswordKey(c));
        HistoryLocation aWithTls =
            HistoryLocation::server(u"a.example.com"_s, 5432, u"leadrelay"_s, u"maria"_s, u"verify-full"_s);
        QCOMPARE(CredentialStore::teamPasswordKey(aWithTls), CredentialStore::teamPasswordKey(a));
    }

    void passwordWrittenInTheAddressIsNotUsed()
    {
        // Hand-edited into the settings file, it is ignored there (issue 9: never from a settings file).
        QSettings conf(confPath(u"handedited"_s), QSettings::IniFormat);
        conf.setValue(QString::fromLatin1(AppSettings::HistoryKind), u"server"_s);
        conf.setValue(QString::fromLatin1(AppSettings::HistoryServerUri),
                      QString(u"postgresql://maria:"_s + Password + u"@floor.example.com/leadrelay"_s));
        AppSettings settings(&conf);
        const HistoryLocation server = settings.historyLocation();
        QVERIFY(server.isServer());
        QCOMPARE(server.host(), u"floor.example.com"_s);
        QCOMPARE(server.password(), QString());
        // Setting a server with a password stores the address without it.
        HistoryLocation typed = HistoryLocation::parse(u"postgresql://tom:"_s + Password + u"@floor.example.com/lr"_s);
        settings.setHistoryServer(typed);
        QVERIFY(!conf.value(QString::fromLatin1(AppSettings::HistoryServerUri)).toString().contains(Password));
    }

    void backToThisComputerKeepsTheServer()
    {
        const QString path = confPath(u"back"_s);
        QSettings conf(path, QSettings::IniFormat);
        AppSettings settings(&conf);
        settings.setHistoryOnServer(true);
        settings.setHistoryServer(HistoryLocation::server(u"floor.example.com"_s, 5432, u"lr"_s, u"maria"_s, {}));
        SettingsDialog dialog(&settings, nullptr);
        child<QRadioButton>(&dialog, u"thisComputerRadio"_s)->click();
        child<QLineEdit>(&dialog, u"historyPathEdit"_s)->setText(m_dir.filePath(u"desk.sqlite"_s));
        dialog.accept();
        QVERIFY(!settings.historyOnServer());
        QCOMPARE(settings.historyLocation().path(), m_dir.filePath(u"desk.sqlite"_s));
        QCOMPARE(settings.historyServer().host(), u"floor.example.com"_s); // there when switching back
    }

    void incompleteServerBlocksOk_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no host") << QString() << u"lr"_s << u"maria"_s << u"server"_s;
        QTest::newRow("no database") << u"floor.example.com"_s << QString() << u"maria"_s << u"database"_s;
        QTest::newRow("no user") << u"floor.example.com"_s << u"lr"_s << QString() << u"user"_s;
    }

    void incompleteServerBlocksOk()
    {
        QFETCH(QString, host);
        QFETCH(QString, database);
        QFETCH(QString, user);
        QFETCH(QString, problem);
        QSettings conf(confPath(u"incomplete"_s), QSettings::IniFormat);
        AppSettings settings(&conf);
        SettingsDialog dialog(&settings, nullptr);
        enterServer(&dialog, host, 5432, database, user, u"require"_s, {});
        QVERIFY(dialog.validationError().contains(problem));
        QVERIFY(!dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
        auto *error = child<QLabel>(&dialog, u"serverError"_s);
        QVERIFY(!error->isHidden());
        QVERIFY(error->text().contains(problem));
        // This computer's history needs none of it.
        child<QRadioButton>(&dialog, u"thisComputerRadio"_s)->click();
        QVERIFY(dialog.validationError().isEmpty());
    }

    void testConnectionRunsOffTheGuiThread()
    {
        HistoryLocationPage page;
        QSemaphore release;
        Qt::HANDLE checkThread = nullptr;
        HistoryLocation checked;
        page.setServerCheck([&](const HistoryLocation &server) {
            checkThread = QThread::currentThreadId();
            checked = server;
            // The server takes its time (bounded: run on the GUI thread by mistake, this must fail, not hang).
            release.tryAcquire(1, 5000);
            return QString();
        });
        enterServer(&page, u"floor.example.com"_s, 5432, u"leadrelay"_s, u"maria"_s, u"require"_s, Password);
        QSignalSpy finished(&page, &HistoryLocationPage::testFinished);
        child<QPushButton>(&page, u"testConnectionButton"_s)->click();
        QVERIFY(page.isTesting());
        QCOMPARE(child<QLabel>(&page, u"testResult"_s)->text(), u"Testing…"_s);
        QVERIFY(!child<QPushButton>(&page, u"testConnectionButton"_s)->isEnabled());
        // The event loop keeps running while the check waits: a timer fires.
        bool ticked = false;
        QTimer::singleShot(20, &page, [&ticked] { ticked = true; });
        QTRY_VERIFY(ticked);
        QVERIFY(page.isTesting());
        release.release();
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(checkThread != QThread::currentThreadId());
        QCOMPARE(checked.host(), u"floor.example.com"_s);
        QCOMPARE(checked.password(), Password); // the typed one, not yet saved anywhere
        QCOMPARE(finished.at(0).at(0).toString(), u"Connected: team history ready."_s);
        QCOMPARE(child<QLabel>(&page, u"testResult"_s)->text(), u"Connected: team history ready."_s);
        QVERIFY(child<QPushButton>(&page, u"testConnectionButton"_s)->isEnabled());
    }

    void answerForOldValuesIsNotShown()
    {
        HistoryLocationPage page;
        QSemaphore release;
        page.setServerCheck([&](const HistoryLocation &) {
            release.tryAcquire(1, 5000);
            return u"The server floor.example.com cannot be reached."_s;
        });
        enterServer(&page, u"floor.example.com"_s, 5432, u"leadrelay"_s, u"maria"_s, u"require"_s, Password);
        QSignalSpy finished(&page, &HistoryLocationPage::testFinished);
        page.testConnection();
        child<QLineEdit>(&page, u"serverHostEdit"_s)->setText(u"floor2.example.com"_s);
        release.release();
        QTRY_VERIFY(!page.isTesting());
        QCOMPARE(finished.size(), 0);
        QCOMPARE(child<QLabel>(&page, u"testResult"_s)->text(), QString());
    }

    void testConnectionToAClosedPortSaysSo()
    {
        // The real check (HistoryStore::checkServer) against a loopback port where no server listens.
        const quint16 port = closedPort();
        QVERIFY(port != 0);
        HistoryLocationPage page;
        enterServer(&page, u"127.0.0.1"_s, port, u"leadrelay"_s, u"maria"_s, u"disable"_s, Password);
        QSignalSpy finished(&page, &HistoryLocationPage::testFinished);
        page.testConnection();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
        const QString answer = finished.at(0).at(0).toString();
        QVERIFY2(answer.startsWith(u"Not connected: "_s), qPrintable(answer));
        QVERIFY2(!answer.contains(Password), qPrintable(answer));
        qInfo("closed port: %s", qPrintable(answer));
    }
};

QTEST_MAIN(TestHistoryLocationPage)
#include "tst_historylocationpage.moc"
