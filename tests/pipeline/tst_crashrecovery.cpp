// SPDX-License-Identifier: GPL-3.0-or-later
// leadrelay-cli killed while the vendor holds the request, and several leadrelay-cli processes sharing one
// history file: the outbox must never lose a submission nor let one be sent twice.
#include "store/HistoryStore.h"

#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

const QString Cli = QStringLiteral(LEADRELAY_BIN_DIR "/leadrelay-cli");
const QString SampleLead = QStringLiteral(LEADRELAY_TEST_DATA "/leads/sample.json");
const QByteArray Password = "Crash-Test-Pw-93d1";

// Accepts connections, reads complete HTTP requests and never answers: a vendor that hangs.
class SilentServer : public QTcpServer
{
public:
    int connections = 0;
    int completeRequests = 0;

    SilentServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                ++connections;
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            }
        });
    }

private:
    void read(QTcpSocket *socket)
    {
        QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
        socket->setProperty("buffer", buffer);
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0 || socket->property("complete").toBool()) {
            return;
        }
        qsizetype length = 0;
        for (const QByteArray &line : buffer.left(headerEnd).split('\n')) {
            if (line.toLower().startsWith("content-length:")) {
                length = line.mid(15).trimmed().toLongLong();
            }
        }
        if (buffer.size() >= headerEnd + 4 + length) {
            socket->setProperty("complete", true);
            ++completeRequests;
        }
    }
};

QProcessEnvironment childEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"LEADRELAY_NTHERM_USER"_s, u"crash-user"_s);
    environment.insert(u"LEADRELAY_NTHERM_PASSWORD"_s, QString::fromLatin1(Password));
    return environment;
}

QList<SubmissionRecord> allRows(HistoryStore &store)
{
    return store.query(HistoryFilter{}, HistorySort::CreatedAt, Qt::AscendingOrder, 0, 1000);
}

} // namespace

class TestCrashRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(QFile::exists(Cli), qPrintable(Cli)); }

    void killedWhileWaitingIsDeliveryUnknown()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString db = dir.filePath(u"history.sqlite"_s);
        SilentServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));

        QProcess child;
        child.setProcessEnvironment(childEnvironment());
        child.start(Cli,
                    {u"submit"_s, u"--vendor"_s, u"ntherm"_s, u"--lead"_s, SampleLead, u"--db"_s, db, u"--timeout"_s,
                     u"300"_s, u"--endpoint"_s, u"http://127.0.0.1:%1/v1/postLead"_s.arg(server.serverPort())});
        QVERIFY(child.waitForStarted(10000));
        QTRY_COMPARE_WITH_TIMEOUT(server.completeRequests, 1, 30000);

        // The row was durable before the request left: another connection sees it "sending" right now.
        {
            HistoryStore observer(db);
            QVERIFY2(observer.open(), qPrintable(observer.lastError()));
            const QList<SubmissionRecord> rows = allRows(observer);
            QCOMPARE(rows.size(), 1);
            QCOMPARE(rows.constFirst().state, OutcomeState::Sending);
        }

        child.kill();
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        QVERIFY(!child.readAllStandardOutput().contains(Password));
        QVERIFY(!child.readAllStandardError().contains(Password));

        // The process that wrote the row is provably gone (its writer lock died with it): a plain open recovers
        // the row at once, without waiting for the ten-minute time rule.
        HistoryStore store(db);
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        QCOMPARE(store.recoverInterrupted(QDateTime::currentDateTimeUtc().addSecs(1)), 0);
        const QList<SubmissionRecord> rows = allRows(store);
        QCOMPARE(rows.size(), 1);
        const SubmissionRecord &row = rows.constFirst();
        QCOMPARE(row.state, OutcomeState::DeliveryUnknown);
        QVERIFY(!row.billable);
        QVERIFY2(row.messages.join(u' ').contains(u"interrupt"_s, Qt::CaseInsensitive),
                 qPrintable(row.messages.join(u" | "_s)));
        QVERIFY(row.answeredAt.isValid());
        // A second recovery finds nothing left to do.
        QCOMPARE(store.recoverInterrupted(QDateTime::currentDateTimeUtc().addSecs(1)), 0);

        // Never resent: one connection, one request.
        QTest::qWait(300); // a late resend would arrive within this; there is nothing to poll for
        QCOMPARE(server.connections, 1);
        QCOMPARE(server.completeRequests, 1);

        for (const QString &name : QStringList{db, db + u"-wal"_s}) {
            QFile file(name);
            if (file.open(QIODevice::ReadOnly)) {
                const QByteArray bytes = file.readAll();
                QVERIFY2(!bytes.contains(Password), qPrintable(name));
                QVERIFY2(!bytes.contains(QByteArray("crash-user:" + Password).toBase64()), qPrintable(name));
            }
        }
    }

    void twoProcessesShareOneHistory()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString db = dir.filePath(u"shared.sqlite"_s);
        constexpr int Processes = 2;
        constexpr int PerProcess = 10;

        struct Chain
        {
            int done = 0;
            QStringList failures;
            std::unique_ptr<QProcess> process;
        };
        std::array<Chain, Processes> chains;
        const QStringList arguments{u"submit"_s, u"--vendor"_s,   u"bhm"_s,
                                    u"--lead"_s, SampleLead,      u"--db"_s,
                                    db,          u"--training"_s, u"--allow-duplicate"_s};
        std::function<void(Chain &)> startNext = [&](Chain &chain) {
            chain.process = std::make_unique<QProcess>();
            QProcess *process = chain.process.get();
            connect(process, &QProcess::finished, this,
                    [&chain, process, &startNext](int code, QProcess::ExitStatus status) {
                        const QByteArray err = process->readAllStandardError();
                        if (status != QProcess::NormalExit || code != 0 || err.contains("lock")) {
                            chain.failures.append(u"exit %1: %2"_s.arg(code).arg(QString::fromUtf8(err)));
                        }
                        if (++chain.done < PerProcess) {
                            QMetaObject::invokeMethod(
                                process, [&chain, &startNext] { startNext(chain); }, Qt::QueuedConnection);
                        }
                    });
            process->start(Cli, arguments);
        };
        for (Chain &chain : chains) {
            startNext(chain);
        }
        QTRY_VERIFY_WITH_TIMEOUT(chains[0].done == PerProcess && chains[1].done == PerProcess, 180000);
        for (const Chain &chain : chains) {
            QVERIFY2(chain.failures.isEmpty(), qPrintable(chain.failures.join(u'\n')));
        }

        HistoryStore store(db);
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        QCOMPARE(store.count(HistoryFilter{}), qint64(Processes * PerProcess));
        const QList<SubmissionRecord> rows = allRows(store);
        QCOMPARE(rows.size(), Processes * PerProcess);
        QSet<QString> ids;
        for (const SubmissionRecord &row : rows) {
            QVERIFY2(row.state != OutcomeState::Sending && row.state != OutcomeState::DeliveryUnknown,
                     qPrintable(outcomeStateKey(row.state)));
            ids.insert(row.id);
        }
        QCOMPARE(ids.size(), Processes * PerProcess);
    }
};

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crashrecovery.moc"
