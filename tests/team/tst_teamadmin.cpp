// SPDX-License-Identifier: GPL-3.0-or-later
// leadrelay-cli team init / add-user / list (issue 9, item 4), run the way an administrator would: by the
// database's owner, a login of its own with CREATEROLE (not the cluster's superuser), its password in
// LEADRELAY_DB_PASSWORD.
#include "TeamTestSupport.h"

#include <QRegularExpression>

using namespace LeadRelay;
using namespace LeadRelay::TeamTest;

namespace
{

const QString Database = u"tt_admin"_s;
const QString Owner = u"tt_admin_owner"_s;
const QString OwnerPassword = u"owner-password-for-tt-admin"_s;
const QString Ann = u"tt_adm_ann"_s;
const QString Sue = u"tt_adm_sue"_s;

} // namespace

class TestTeamAdmin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!StoreTest::onPostgres())
            QSKIP("Needs the PostgreSQL test cluster (LEADRELAY_TEST_BACKEND=postgresql)");
        QVERIFY2(QFile::exists(Cli), qPrintable(Cli));
        QVERIFY(m_home.isValid());
        using StoreTest::adminExec;
        QString error;
        adminExec(u"postgres"_s, u"DROP DATABASE IF EXISTS "_s + Database + u" WITH (FORCE)"_s);
        for (const QString &login : {Ann, Sue, Owner})
            adminExec(u"postgres"_s, u"DROP ROLE IF EXISTS "_s + login);
        QVERIFY2(adminExec(u"postgres"_s, u"CREATE ROLE %1 LOGIN CREATEROLE PASSWORD '%2'"_s.arg(Owner, OwnerPassword),
                           &error),
                 qPrintable(error));
        QVERIFY2(adminExec(u"postgres"_s, u"CREATE DATABASE %1 OWNER %2"_s.arg(Database, Owner), &error),
                 qPrintable(error));
        m_owner = uriAs(StoreTest::serverUri(Database), Owner);
    }

    void initTwiceIsIdempotent()
    {
        const Run first = admin({u"team"_s, u"init"_s, u"--db"_s, m_owner});
        QVERIFY2(first.code == 0, qPrintable(first.text()));
        static const QRegularExpression ready(u"Team database .* ready \\(schema (\\d+)\\)"_s);
        const QRegularExpressionMatch firstMatch = ready.match(QString::fromUtf8(first.out));
        QVERIFY2(firstMatch.hasMatch(), first.out.constData());
        QVERIFY2(first.out.contains("No receiver set yet"), first.out.constData());
        StoreTest::RawDb raw(StoreTest::serverUri(Database));
        const int versions = raw.scalar(u"SELECT COUNT(*) FROM schema_version"_s).toInt();
        const int policies = raw.scalar(u"SELECT COUNT(*) FROM pg_policies"_s).toInt();
        const int functions = raw.scalar(u"SELECT COUNT(*) FROM pg_proc WHERE proname LIKE 'leadrelay\\_%'"_s).toInt();
        QVERIFY(versions > 0);
        QVERIFY(policies > 0);
        QCOMPARE(raw.scalar(u"SELECT tableowner FROM pg_tables WHERE tablename = 'submissions'"_s).toString(), Owner);

        const Run second = admin({u"team"_s, u"init"_s, u"--db"_s, m_owner});
        QVERIFY2(second.code == 0, qPrintable(second.text()));
        const QRegularExpressionMatch secondMatch = ready.match(QString::fromUtf8(second.out));
        QVERIFY2(secondMatch.hasMatch(), second.out.constData());
        QCOMPARE(secondMatch.captured(1), firstMatch.captured(1));
        QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM schema_version"_s).toInt(), versions);
        QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM pg_policies"_s).toInt(), policies);
        QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM pg_proc WHERE proname LIKE 'leadrelay\\_%'"_s).toInt(), functions);
    }

    void addUserWithGivenPassword()
    {
        const QString password = u"ann-chose-this-password"_s;
        QProcessEnvironment env = ownerEnvironment();
        env.insert(u"LEADRELAY_NEW_PASSWORD"_s, password);
        const Run added = run({u"team"_s, u"add-user"_s, Ann, u"--role"_s, u"agent"_s, u"--db"_s, m_owner}, env);
        QVERIFY2(added.code == 0, qPrintable(added.text()));
        QVERIFY2(added.out.contains(QByteArray("Added " + Ann.toUtf8() + " as agent")), added.out.constData());
        QVERIFY(!added.text().contains(u"Password"_s));
        QVERIFY(!added.text().contains(password)); // the administrator chose it: never echoed

        // Ann connects with it, and the server knows her as an agent.
        QVERIFY(canOpen(Ann, password));
        QVERIFY(!canOpen(Ann, u"not-anns-password"_s));

        const Run again = run({u"team"_s, u"add-user"_s, Ann, u"--role"_s, u"agent"_s, u"--db"_s, m_owner}, env);
        QCOMPARE(again.code, 2);
        QVERIFY2(again.err.contains("already exists"), again.err.constData());
    }

    void addUserWithGeneratedPassword()
    {
        const Run added = admin({u"team"_s, u"add-user"_s, Sue, u"--role"_s, u"supervisor"_s, u"--db"_s, m_owner});
        QVERIFY2(added.code == 0, qPrintable(added.text()));
        static const QRegularExpression shown(u"Password \\(shown once[^)]*\\): (\\S+)"_s);
        const QRegularExpressionMatch match = shown.match(QString::fromUtf8(added.out));
        QVERIFY2(match.hasMatch(), added.out.constData());
        const QString password = match.captured(1);
        QVERIFY(password.size() >= 12);
        QCOMPARE(added.text().count(password), 1); // printed once
        QVERIFY(canOpen(Sue, password));

        // Generated afresh each time: another login gets another password.
        const QString other = u"tt_adm_rex"_s;
        StoreTest::adminExec(u"postgres"_s, u"DROP ROLE IF EXISTS "_s + other);
        const Run second = admin({u"team"_s, u"add-user"_s, other, u"--role"_s, u"receiver"_s, u"--db"_s, m_owner});
        QVERIFY2(second.code == 0, qPrintable(second.text()));
        const QRegularExpressionMatch secondMatch = shown.match(QString::fromUtf8(second.out));
        QVERIFY(secondMatch.hasMatch());
        QVERIFY(secondMatch.captured(1) != password);
        StoreTest::adminExec(u"postgres"_s, u"DROP ROLE IF EXISTS "_s + other);
    }

    void listShowsTheLogins()
    {
        const Run list = admin({u"team"_s, u"list"_s, u"--db"_s, m_owner});
        QVERIFY2(list.code == 0, qPrintable(list.text()));
        const QStringList lines = QString::fromUtf8(list.out).split(u'\n', Qt::SkipEmptyParts);
        auto lineOf = [&](const QString &name) {
            for (const QString &line : lines) {
                if (line.split(u' ', Qt::SkipEmptyParts).value(0) == name)
                    return line.split(u' ', Qt::SkipEmptyParts);
            }
            return QStringList();
        };
        QCOMPARE(lineOf(Ann).value(1), u"agent"_s);
        QCOMPARE(lineOf(Ann).value(2), u"yes"_s);
        QCOMPARE(lineOf(Sue).value(1), u"supervisor"_s);
        QVERIFY(lineOf(Owner).isEmpty()); // the owner is not one of the floor's logins
    }

    void floorLoginsCannotAdminister()
    {
        QProcessEnvironment env = childEnvironment(m_home.path(), u"ann-chose-this-password"_s);
        env.insert(u"LEADRELAY_NEW_PASSWORD"_s, u"a-password-long-enough"_s);
        const QString asAnn = uriAs(m_owner, Ann);
        const Run add =
            run({u"team"_s, u"add-user"_s, u"tt_adm_eve"_s, u"--role"_s, u"supervisor"_s, u"--db"_s, asAnn}, env);
        QCOMPARE(add.code, 2);
        QVERIFY2(add.err.contains("owner"), add.err.constData());
        const Run init =
            run({u"team"_s, u"init"_s, u"--db"_s, asAnn, u"--callback-base"_s, u"https://evil.example.com"_s}, env);
        QCOMPARE(init.code, 2);
        StoreTest::RawDb raw(StoreTest::serverUri(Database));
        QVERIFY(raw.scalar(u"SELECT value FROM team_settings WHERE key = 'callback_base'"_s).toString() !=
                u"https://evil.example.com"_s);
    }

    void callbackBaseMustBeHttps()
    {
        StoreTest::RawDb raw(StoreTest::serverUri(Database));
        const QString stored = u"SELECT value FROM team_settings WHERE key = 'callback_base'"_s;

        const Run clear =
            admin({u"team"_s, u"init"_s, u"--db"_s, m_owner, u"--callback-base"_s, u"http://example.com"_s});
        QCOMPARE(clear.code, 2);
        QVERIFY2(clear.err.contains("https://"), clear.err.constData());
        QVERIFY2(clear.err.contains("clear"), clear.err.constData()); // says why
        QVERIFY(raw.scalar(stored).toString().isEmpty());

        const Run secure =
            admin({u"team"_s, u"init"_s, u"--db"_s, m_owner, u"--callback-base"_s, u"https://callbacks.example.com"_s});
        QVERIFY2(secure.code == 0, qPrintable(secure.text()));
        QVERIFY2(secure.out.contains("https://callbacks.example.com"), secure.out.constData());
        QCOMPARE(raw.scalar(stored).toString(), u"https://callbacks.example.com"_s);

        // A refused base leaves the stored one alone; a plain init keeps it.
        QCOMPARE(
            admin({u"team"_s, u"init"_s, u"--db"_s, m_owner, u"--callback-base"_s, u"http://10.0.0.5:8080"_s}).code, 2);
        const Run plain = admin({u"team"_s, u"init"_s, u"--db"_s, m_owner});
        QCOMPARE(plain.code, 0);
        QVERIFY2(plain.out.contains("https://callbacks.example.com"), plain.out.constData());
        QCOMPARE(raw.scalar(stored).toString(), u"https://callbacks.example.com"_s);

        // Loopback http stays allowed, for training.
        QCOMPARE(
            admin({u"team"_s, u"init"_s, u"--db"_s, m_owner, u"--callback-base"_s, u"http://127.0.0.1:8080"_s}).code,
            0);
        QCOMPARE(raw.scalar(stored).toString(), u"http://127.0.0.1:8080"_s);
    }

    void cleanupTestCase()
    {
        if (!StoreTest::onPostgres())
            return;
        StoreTest::adminExec(u"postgres"_s, u"DROP DATABASE IF EXISTS "_s + Database + u" WITH (FORCE)"_s);
        for (const QString &login : {Ann, Sue, Owner})
            StoreTest::adminExec(u"postgres"_s, u"DROP ROLE IF EXISTS "_s + login);
    }

private:
    QProcessEnvironment ownerEnvironment() const
    {
        QProcessEnvironment env = childEnvironment(m_home.path(), OwnerPassword);
        env.remove(u"LEADRELAY_NEW_PASSWORD"_s);
        return env;
    }
    Run admin(const QStringList &arguments) const { return run(arguments, ownerEnvironment()); }

    // The login opens the team history with this password, through the CLI as a desk would.
    bool canOpen(const QString &login, const QString &password) const
    {
        const Run history = run({u"history"_s, u"--db"_s, uriAs(m_owner, login), u"--format"_s, u"json"_s},
                                childEnvironment(m_home.path(), password));
        if (history.code != 0)
            qInfo().noquote() << login << "cannot open:" << history.text().trimmed();
        return history.code == 0 && QJsonDocument::fromJson(history.out).isArray();
    }

    QTemporaryDir m_home;
    QString m_owner;
};

QTEST_GUILESS_MAIN(TestTeamAdmin)
#include "tst_teamadmin.moc"
