// SPDX-License-Identifier: GPL-3.0-or-later
// The disk fills while the vendor holds the request: the vendor's answer (a sale) must not be lost. leadrelay-cli
// keeps it in the side journal, says so and exits 4; the history stays readable on the full disk; once space
// returns, the next open puts the answer in the history. Needs root for a small tmpfs of its own.
#include "PipelineTestSupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

namespace
{

const QString &Cli = CliPath;
const QString &SampleLead = SampleLeadPath;

int runTool(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(30000))
        return -1;
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

// Writes until the filesystem refuses: afterwards not one more block fits.
void fillDisk(const QString &path)
{
    QFile filler(path);
    if (!filler.open(QIODevice::WriteOnly))
        return;
    const QByteArray block(64 * 1024, 'x');
    while (filler.write(block) == block.size() && filler.flush()) {
    }
    const QByteArray byte(1, 'x');
    while (filler.write(byte) == 1 && filler.flush()) {
    }
}

} // namespace

class TestFullDisk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        if (::geteuid() != 0)
            QSKIP("Needs root: this test mounts a small tmpfs of its own to fill it (run the suite as root, as CI "
                  "does).");
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_mount = m_dir->filePath(u"small"_s);
        QVERIFY(QDir().mkpath(m_mount));
        if (runTool(u"mount"_s, {u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size=4m,mode=0700"_s, u"tmpfs"_s, m_mount}) != 0)
            QSKIP("Could not mount a tmpfs (no mount permission in this container).");
        m_mounted = true;
    }

    void cleanup()
    {
        if (m_mounted)
            runTool(u"umount"_s, {m_mount});
        m_mounted = false;
        m_dir.reset();
    }

    void answerSurvivesAFullDisk()
    {
        const QString db = m_mount + u"/history.sqlite"_s;
        const QString filler = m_mount + u"/filler"_s;
        CannedServer server;
        server.response = CannedServer::answer(200, testData(u"bhm/response-sold.json"_s));
        server.onRequest = [&filler] { fillDisk(filler); };
        const QProcessEnvironment environment = bhmEnvironment();

        QProcess submit;
        submit.setProcessEnvironment(environment);
        submit.start(Cli, {u"submit"_s, u"--vendor"_s, u"bhm"_s, u"--lead"_s, SampleLead, u"--db"_s, db,
                           u"--endpoint"_s, server.url(u"/post/energy/"_s).toString()});
        QTRY_VERIFY_WITH_TIMEOUT(submit.state() == QProcess::NotRunning, 60000);
        const QString err = QString::fromUtf8(submit.readAllStandardError());
        const QJsonObject printed = QJsonDocument::fromJson(submit.readAllStandardOutput()).object();
        QCOMPARE(server.requests, 1);
        QCOMPARE(submit.exitCode(), 4);
        QCOMPARE(printed.value(u"outcome"_s).toString(), u"sold"_s); // what the vendor said, printed anyway
        QVERIFY2(err.contains(u"the disk is full"_s), qPrintable(err));
        QVERIFY2(err.contains(u"Do not resubmit"_s), qPrintable(err));
        QVERIFY2(!err.contains(u"disk I/O error"_s) && !err.contains(u"Rollback failed"_s), qPrintable(err));
        const QString id = printed.value(u"id"_s).toString();
        QVERIFY(!id.isEmpty());

        // Still full: the history can be read, and says an answer is waiting.
        QProcess history;
        history.start(Cli, {u"history"_s, u"--db"_s, db, u"--format"_s, u"json"_s});
        QVERIFY(history.waitForFinished(30000));
        const QByteArray historyErr = history.readAllStandardError();
        QVERIFY2(history.exitCode() == 0, historyErr.constData());
        QCOMPARE(QJsonDocument::fromJson(history.readAllStandardOutput()).array().size(), 1);
        QVERIFY2(historyErr.contains("side journal"), historyErr.constData());

        // Space returns: the next open applies the answer, exactly as the vendor gave it.
        QVERIFY(QFile::remove(filler));
        history.start(Cli, {u"history"_s, u"--db"_s, db, u"--format"_s, u"json"_s});
        QVERIFY(history.waitForFinished(30000));
        QCOMPARE(history.exitCode(), 0);
        const QJsonArray rows = QJsonDocument::fromJson(history.readAllStandardOutput()).array();
        QCOMPARE(rows.size(), 1);
        const QJsonObject row = rows.first().toObject();
        QCOMPARE(row.value(u"id"_s).toString(), id);
        QCOMPARE(row.value(u"outcome"_s).toString(), u"sold"_s);
        QCOMPARE(row.value(u"billable"_s).toBool(), true);
        QCOMPARE(row.value(u"vendor_lead_id"_s).toString(), printed.value(u"vendor_lead_id"_s).toString());
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_mount;
    bool m_mounted = false;
};

QTEST_GUILESS_MAIN(TestFullDisk)
#include "tst_fulldisk.moc"
