// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the process-level team tests: the real leadrelay-cli run as children against a team database on the
// PostgreSQL test cluster, each child connecting as one of the floor's logins with its password in
// LEADRELAY_DB_PASSWORD, as a desk would. The store is linked only to set a database up and to look at it as the
// cluster's superuser (past row-level security).
#include "../store/StoreTestSupport.h"
#include "store/TeamAdmin.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

namespace LeadRelay::TeamTest
{

using namespace Qt::StringLiterals;

inline const QString Cli = QStringLiteral(LEADRELAY_BIN_DIR "/leadrelay-cli");
inline const QString SampleLead = QStringLiteral(LEADRELAY_TEST_DATA "/leads/sample.json");
inline const QString LoginPassword = u"team-test-password-7f3a"_s;

// The same server and database as a postgresql:// URI, as another login.
inline QString uriAs(const QString &uri, const QString &user)
{
    QString result = uri;
    const qsizetype at = result.indexOf(u'@');
    return result.replace(u"postgresql://"_s.size(), at - u"postgresql://"_s.size(), user);
}

// A new, empty database on the test cluster, initialised by its owner (the cluster's superuser), with the given
// logins (name -> role) made afresh. Logins are cluster-wide: callers give names unique to their test. Returns
// the owner's URI, or an empty string after a failed check.
inline QString makeTeamDatabase(const QString &database, const QList<std::pair<QString, QString>> &logins)
{
    using namespace LeadRelay::StoreTest;
    QString error;
    adminExec(u"postgres"_s, u"DROP DATABASE IF EXISTS "_s + database + u" WITH (FORCE)"_s);
    if (!adminExec(u"postgres"_s, u"CREATE DATABASE "_s + database, &error)) {
        qWarning().noquote() << "CREATE DATABASE failed:" << error;
        return {};
    }
    const QString owner = serverUri(database);
    {
        HistoryStore init(owner);
        if (!init.open()) {
            qWarning().noquote() << "team init failed:" << init.lastError();
            return {};
        }
    }
    TeamAdmin admin(HistoryLocation::parse(owner));
    if (!admin.connect()) {
        qWarning().noquote() << admin.lastError();
        return {};
    }
    for (const auto &[name, role] : logins) {
        adminExec(u"postgres"_s, u"DROP ROLE IF EXISTS "_s + name);
        if (!admin.addUser(name, role, LoginPassword)) {
            qWarning().noquote() << admin.lastError();
            return {};
        }
    }
    return owner;
}

// A child's environment: its own HOME (so its side journal is its own, as on a desk), the login's password, and
// credentials for both vendors' training accounts (sent with --endpoint to a loopback server).
inline QProcessEnvironment childEnvironment(const QString &home, const QString &dbPassword = LoginPassword)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, home);
    env.insert(u"XDG_DATA_HOME"_s, home + u"/data"_s);
    env.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
    env.insert(u"LEADRELAY_NTHERM_USER"_s, u"training"_s);
    env.insert(u"LEADRELAY_NTHERM_PASSWORD"_s, u"training"_s);
    env.insert(u"LEADRELAY_BHM_AFFILIATE_ID"_s, u"123456"_s);
    env.insert(u"LEADRELAY_BHM_KEY"_s, u"00000000-0000-4000-8000-000000000000"_s);
    if (dbPassword.isEmpty())
        env.remove(u"LEADRELAY_DB_PASSWORD"_s);
    else
        env.insert(u"LEADRELAY_DB_PASSWORD"_s, dbPassword);
    env.remove(u"PGPASSWORD"_s);
    return env;
}

// The sample lead with another phone (and optionally last name), as a JSON object.
inline QJsonObject leadWithPhone(const QString &phone, const QString &lastName = QString())
{
    QFile sample(SampleLead);
    if (!sample.open(QIODevice::ReadOnly))
        qFatal("The sample lead is missing");
    QJsonObject lead = QJsonDocument::fromJson(sample.readAll()).object();
    lead[u"phone"_s] = phone;
    if (!lastName.isEmpty())
        lead[u"last_name"_s] = lastName;
    return lead;
}

inline QString writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    QString text() const { return QString::fromUtf8(out + err); }
};

inline Run run(const QStringList &arguments, const QProcessEnvironment &env, int timeoutMs = 60000)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(Cli, arguments);
    Run result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = "timed out";
        return result;
    }
    result.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// The first line a long-running command prints ("listening on ..."), read without blocking the event loop for
// long (the test's own servers must keep answering meanwhile).
inline QString firstLine(QProcess &process, int timeoutMs = 20000)
{
    QByteArray buffer;
    QDeadlineTimer deadline(timeoutMs);
    while (!buffer.contains('\n') && !deadline.hasExpired()) {
        QTest::qWait(20);
        buffer += process.readAllStandardOutput();
    }
    return QString::fromUtf8(buffer.left(buffer.indexOf('\n')));
}

} // namespace LeadRelay::TeamTest
