// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReceiverTestSupport.h"
#include "net/CallbackReceiver.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

namespace
{

const QString Cli = QStringLiteral(LEADRELAY_BIN_DIR "/leadrelay-cli");

// The soft open-file limit of a running process, from /proc (0 when unreadable).
quint64 softLimitOf(qint64 pid)
{
    QFile limits(u"/proc/%1/limits"_s.arg(pid));
    if (!limits.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : limits.readAll().split('\n')) {
        if (line.startsWith("Max open files"))
            return line.mid(14).simplified().split(' ').value(0).toULongLong();
    }
    return 0;
}

} // namespace

// "leadrelay-cli callbacks" as an operator runs it, started with the usual open-file limit of 1,024, against
// thousands of connections that send nothing. Loopback only; a few seconds.
class tst_ReceiverFlood : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_cli;
    std::vector<int> m_fds;

    QString historyPath() const { return m_dir->filePath(u"history.sqlite"_s); }

    // Starts the receiver with the given open-file limits; its port, or 0.
    quint16 startCli(rlim_t soft, rlim_t hard)
    {
        m_cli = std::make_unique<QProcess>();
        m_cli->setProgram(Cli);
        m_cli->setArguments({u"callbacks"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, historyPath()});
        m_cli->setChildProcessModifier([soft, hard] {
            const rlimit limit{soft, hard};
            ::setrlimit(RLIMIT_NOFILE, &limit);
        });
        m_cli->start();
        if (!m_cli->waitForStarted(10000))
            return 0;
        const QRegularExpression listening(u"listening on http://127\\.0\\.0\\.1:(\\d+)"_s);
        QByteArray out;
        QRegularExpressionMatch match;
        const bool ok = QTest::qWaitFor(
            [&] {
                out += m_cli->readAllStandardOutput();
                match = listening.match(QString::fromUtf8(out));
                return match.hasMatch() || m_cli->state() == QProcess::NotRunning;
            },
            20000);
        if (!ok || !match.hasMatch())
            qWarning() << "receiver did not start:" << out << m_cli->readAllStandardError();
        return match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
    }

    // Stops the receiver as Ctrl+C would; everything it printed.
    QString stopCli()
    {
        m_cli->terminate();
        if (!m_cli->waitForFinished(10000))
            m_cli->kill();
        return QString::fromUtf8(m_cli->readAllStandardOutput());
    }

private Q_SLOTS:
    void init();
    void cleanup();
    void receiverRaisesItsOpenFileLimit();
    void thousandsOfIdleConnectionsDoNotStopCallbacks();
};

void tst_ReceiverFlood::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    HistoryStore store(historyPath());
    QVERIFY2(store.open(), qPrintable(store.lastError()));
}

void tst_ReceiverFlood::cleanup()
{
    for (const int fd : m_fds)
        ::close(fd);
    m_fds.clear();
    if (m_cli && m_cli->state() != QProcess::NotRunning) {
        m_cli->kill();
        m_cli->waitForFinished(5000);
    }
    m_cli.reset();
    m_dir.reset();
}

void tst_ReceiverFlood::receiverRaisesItsOpenFileLimit()
{
    const quint16 port = startCli(1024, 4096);
    QVERIFY(port > 0);
    QCOMPARE(softLimitOf(m_cli->processId()), quint64(4096));
    stopCli();
}

void tst_ReceiverFlood::thousandsOfIdleConnectionsDoNotStopCallbacks()
{
    // This process holds every client end, so it needs more files than the receiver is allowed.
    rlimit own{};
    QVERIFY(::getrlimit(RLIMIT_NOFILE, &own) == 0);
    constexpr int Idle = 3000;
    if (own.rlim_max != RLIM_INFINITY && own.rlim_max < rlim_t(Idle + 1000))
        QSKIP("the hard open-file limit is too low to hold 3,000 client connections");
    own.rlim_cur = own.rlim_max;
    QVERIFY(::setrlimit(RLIMIT_NOFILE, &own) == 0);

    QStringList tokens;
    QStringList ids;
    {
        HistoryStore store(historyPath());
        QVERIFY(store.open());
        for (int i = 0; i < 5; ++i) {
            tokens << CallbackReceiver::newToken();
            ids << waitingRow(store, tokens.last());
            QVERIFY(!ids.last().isEmpty());
        }
    }

    // Hard limit 1,024 too, so raising cannot help: the cap has to.
    const quint16 port = startCli(1024, 1024);
    QVERIFY(port > 0);
    QCOMPARE(softLimitOf(m_cli->processId()), quint64(1024));
    const int cap = qMin(ConnectionLimits{}.maxConnections, 1024 - BoundedTcpServer::FdHeadroom);

    // Three times the limit of connections that send nothing, in batches the listen backlog can take.
    QElapsedTimer flood;
    flood.start();
    for (int i = 0; i < Idle; ++i) {
        const int fd = rawConnect(port);
        QVERIFY2(fd >= 0, "out of descriptors in the test itself");
        m_fds.push_back(fd);
        if (i % 40 == 39)
            QTest::qSleep(3);
    }
    // All accepted, and all but the newest (up to the cap) closed again, before any idle deadline (5 s).
    const auto closedCount = [this] {
        return int(std::count_if(m_fds.cbegin(), m_fds.cend(), [](int fd) { return closedByPeer(fd); }));
    };
    // (A few connects may still be retrying a dropped handshake, hence the small slack.)
    QTRY_VERIFY_WITH_TIMEOUT(closedCount() >= Idle - cap - 50, 3000);
    QVERIFY2(flood.elapsed() < 4500, qPrintable(QString::number(flood.elapsed())));
    QVERIFY(closedByPeer(m_fds.front()));
    QVERIFY(!closedByPeer(m_fds.back()));

    // Callbacks keep landing while more idle connections keep arriving, each answered within a second.
    for (const QString &token : std::as_const(tokens)) {
        for (int i = 0; i < 30; ++i)
            m_fds.push_back(rawConnect(port));
        QElapsedTimer clock;
        clock.start();
        const QByteArray answer = exchange(port, callbackRequest(token), 5000);
        QVERIFY2(statusOf(answer) == 200, answer.constData());
        QVERIFY2(clock.elapsed() < 1000, qPrintable(u"%1 ms"_s.arg(clock.elapsed())));
    }

    const QString printed = stopCli();
    QCOMPARE(printed.count(u" 200 applied"_s), 5);
    // What the operator sees: connections closed at the limit, without any personal data.
    QVERIFY2(printed.contains(QRegularExpression(u"closed \\d+ idle or unfinished connections \\(\\d+ open, limit "_s +
                                                 QString::number(cap) + u"\\)"_s)),
             qPrintable(printed.left(2000)));

    HistoryStore store(historyPath());
    QVERIFY(store.open());
    for (const QString &id : std::as_const(ids))
        QVERIFY(store.record(id)->final);
}

QTEST_GUILESS_MAIN(tst_ReceiverFlood)
#include "tst_receiverflood.moc"
