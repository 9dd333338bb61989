// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the leadrelay-cli tests: runs the binary with a throwaway HOME and test credentials, and checks that
// no secret ever reaches the terminal or the history file.
#include "store/HistoryStore.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

namespace LeadRelay::Test
{

using namespace Qt::StringLiterals;

inline const QString Cli = QStringLiteral(LEADRELAY_BIN_DIR "/leadrelay-cli");
inline const QString SampleLead = QStringLiteral(LEADRELAY_TEST_DATA "/leads/sample.json");
inline const QString NthermUser = u"cli-test-user"_s;
inline const QByteArray NthermPassword = "Pw-never-printed-5b7e";
inline const QByteArray BhmKey = "11111111-2222-4333-8444-555555555555";

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

inline QJsonObject parseObject(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    return document.object();
}

inline QJsonArray parseArray(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).array();
}

// A port nothing listens on: bound, then released.
inline quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost)) {
        return 0;
    }
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

class CliFixture
{
protected:
    QTemporaryDir m_home;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // The default history must never be the developer's own.
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
        env.insert(u"LEADRELAY_NTHERM_USER"_s, NthermUser);
        env.insert(u"LEADRELAY_NTHERM_PASSWORD"_s, QString::fromLatin1(NthermPassword));
        env.insert(u"LEADRELAY_BHM_AFFILIATE_ID"_s, u"4242"_s);
        env.insert(u"LEADRELAY_BHM_KEY"_s, QString::fromLatin1(BhmKey));
        return env;
    }

    Run run(const QStringList &arguments, const QProcessEnvironment &env) const
    {
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(Cli, arguments);
        Run result;
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            result.err = "timed out";
            return result;
        }
        result.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        // No secret ever reaches the terminal.
        for (const QByteArray &secret : {NthermPassword, BhmKey}) {
            if (result.out.contains(secret) || result.err.contains(secret)) {
                qWarning("a secret was printed");
                result.code = -3;
            }
        }
        return result;
    }

    Run run(const QStringList &arguments) const { return run(arguments, environment()); }

    QString writeLead(const QString &name, const std::function<void(QJsonObject &)> &edit) const
    {
        QFile sample(SampleLead);
        if (!sample.open(QIODevice::ReadOnly)) {
            return {};
        }
        QJsonObject lead = QJsonDocument::fromJson(sample.readAll()).object();
        edit(lead);
        const QString path = m_home.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            return {};
        }
        file.write(QJsonDocument(lead).toJson());
        return path;
    }

    QString dbPath(const QString &name) const { return m_home.filePath(name + u".sqlite"_s); }

    QJsonArray historyRows(const QString &db, const QStringList &extra = {}) const
    {
        const Run result = run(QStringList{u"history"_s, u"--db"_s, db, u"--format"_s, u"json"_s} + extra);
        return result.code == 0 ? parseArray(result.out) : QJsonArray();
    }

    static void verifyNoSecretIn(const QString &db)
    {
        for (const QString &name : QStringList{db, db + u"-wal"_s}) {
            QFile file(name);
            if (!file.open(QIODevice::ReadOnly)) {
                continue;
            }
            const QByteArray bytes = file.readAll();
            QVERIFY2(!bytes.contains(NthermPassword), qPrintable(name));
            QVERIFY2(!bytes.contains(BhmKey), qPrintable(name));
            QVERIFY2(!bytes.contains(QByteArray(NthermUser.toLatin1() + ':' + NthermPassword).toBase64()),
                     qPrintable(name));
        }
    }

    static QStringList waitForLine(QProcess &process, int timeoutMs = 20000)
    {
        QByteArray buffer;
        QDeadlineTimer deadline(timeoutMs);
        while (!buffer.contains('\n') && !deadline.hasExpired()) {
            if (!process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
                break;
            }
            buffer += process.readAllStandardOutput();
        }
        return QString::fromUtf8(buffer).split(u'\n');
    }

    void checkSetUp()
    {
        QVERIFY(m_home.isValid());
        QVERIFY2(QFile::exists(Cli), qPrintable(Cli));
        QVERIFY(QFile::exists(SampleLead));
    }
};

} // namespace LeadRelay::Test
