// SPDX-License-Identifier: GPL-3.0-or-later
// Moving in (issue 9, item 8): leadrelay-cli history copy --from FILE --db URI, run by the team database's owner,
// copies a desk's SQLite history keeping ids, times, outcomes, lifecycles and each row's agent; run again, it
// copies nothing twice, and a row added to the desk since is the only one that goes.
#include "TeamTestSupport.h"

#include <QRegularExpression>

using namespace LeadRelay;
using namespace LeadRelay::TeamTest;

namespace
{

const QString Agent = u"tt_copy_ann"_s;

SubmissionRecord row(int n, const QString &agent, const QString &vendor, OutcomeState state, bool final)
{
    const QDateTime created = QDateTime(QDate(2026, 11, 2), QTime(9, 30, 15, 250), Qt::UTC).addSecs(n * 3601);
    SubmissionRecord record;
    record.id = u"00000000-0000-4000-8000-%1"_s.arg(n, 12, 10, QChar(u'0'));
    record.createdAt = created;
    record.answeredAt = created.addMSecs(840);
    record.agent = agent;
    record.vendorId = vendor;
    record.accountMode = u"production"_s;
    record.campaign = u"OHIO_GENERAL"_s;
    record.customerName = u"Customer %1"_s.arg(n);
    record.phone = u"2127367%1"_s.arg(n, 3, 10, QChar(u'0'));
    record.leadJson = QJsonDocument(leadWithPhone(record.phone)).toJson(QJsonDocument::Compact);
    record.redactedRequest = "POST https://example.invalid/ {\"password\":\"***\"}";
    record.httpStatus = 200;
    record.rawAnswer = R"({"success_bit": true})";
    record.state = state;
    record.final = final;
    record.billable = state == OutcomeState::Sold;
    record.messages = {u"message of row %1"_s.arg(n)};
    record.durationMs = 840;
    return record;
}

// A desk's history with every lifecycle worth keeping: final sales, a preliminary nTherm acceptance still waiting
// for its callback, one finalised by its callback, a rejection, a delivery-unknown, several agents.
QList<SubmissionRecord> deskRows()
{
    QList<SubmissionRecord> rows;
    rows.append(row(1, u"maria.g"_s, u"bhm"_s, OutcomeState::Sold, true));
    SubmissionRecord waiting = row(2, u"joe.k"_s, u"ntherm"_s, OutcomeState::Accepted, false);
    waiting.callbackToken = u"tok-copy-waiting-0123456789abcdef"_s;
    rows.append(waiting);
    SubmissionRecord finalised = row(3, u"maria.g"_s, u"ntherm"_s, OutcomeState::Rejected, true);
    finalised.callbackToken = u"tok-copy-final-0123456789abcdef"_s;
    finalised.finalisedAt = finalised.answeredAt.addSecs(95);
    finalised.callbackBody = R"({"success_bit": false, "message": "Rejected after review"})";
    finalised.messages = {u"Rejected after review"_s};
    rows.append(finalised);
    SubmissionRecord rejected = row(4, u"joe.k"_s, u"bhm"_s, OutcomeState::Rejected, true);
    rejected.fieldIssues = {{u"email"_s, Severity::Error, u"Email: address is not deliverable"_s}};
    rows.append(rejected);
    SubmissionRecord unknown = row(5, Agent, u"ntherm"_s, OutcomeState::DeliveryUnknown, true);
    unknown.httpStatus = 503;
    rows.append(unknown);
    rows.append(row(6, u"maria.g"_s, u"bhm"_s, OutcomeState::AcceptedNotSold, true));
    return rows;
}

} // namespace

class TestTeamCopy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!StoreTest::onPostgres())
            QSKIP("Needs the PostgreSQL test cluster (LEADRELAY_TEST_BACKEND=postgresql)");
        QVERIFY2(QFile::exists(Cli), qPrintable(Cli));
        QVERIFY(m_home.isValid());
        m_owner = makeTeamDatabase(u"tt_copy"_s, {{Agent, u"agent"_s}});
        QVERIFY(!m_owner.isEmpty());
        m_desk = m_home.filePath(u"desk.sqlite"_s);
        HistoryStore desk(m_desk);
        QVERIFY2(desk.open(), qPrintable(desk.lastError()));
        QVERIFY2(desk.importRecords(deskRows()), qPrintable(desk.lastError()));
        QCOMPARE(desk.count({}), qint64(deskRows().size()));
    }

    void onlyTheOwnerCopies()
    {
        const Run asAgent = run({u"history"_s, u"copy"_s, u"--from"_s, m_desk, u"--db"_s, uriAs(m_owner, Agent)},
                                childEnvironment(m_home.path()));
        QCOMPARE(asAgent.code, 2);
        QVERIFY2(asAgent.err.contains("owner"), asAgent.err.constData());
        StoreTest::RawDb raw(m_owner);
        QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM submissions"_s).toInt(), 0);
    }

    void copyTwiceDoublesNothing()
    {
        const int rows = int(deskRows().size());
        const Run first = copy();
        QVERIFY2(first.code == 0, qPrintable(first.text()));
        QVERIFY2(first.out.contains(u"Copied %1 of %1 "_s.arg(rows).toUtf8()), first.out.constData());
        checkSameRows();

        const Run second = copy();
        QVERIFY2(second.code == 0, qPrintable(second.text()));
        QVERIFY2(second.out.contains(u"Copied 0 of %1 "_s.arg(rows).toUtf8()), second.out.constData());
        QVERIFY2(second.out.contains(u"(%1 were there already)"_s.arg(rows).toUtf8()), second.out.constData());
        checkSameRows();

        // A desk that kept working after the first copy: only its new row goes.
        {
            HistoryStore desk(m_desk);
            QVERIFY2(desk.open(), qPrintable(desk.lastError()));
            QVERIFY2(desk.importRecords({row(7, u"joe.k"_s, u"bhm"_s, OutcomeState::Sold, true)}),
                     qPrintable(desk.lastError()));
        }
        const Run third = copy();
        QVERIFY2(third.code == 0, qPrintable(third.text()));
        QVERIFY2(third.out.contains(u"Copied 1 of %1 "_s.arg(rows + 1).toUtf8()), third.out.constData());
        checkSameRows();
    }

    void copiedRowsBelongToTheirAgent()
    {
        // The agent recorded in a row sees it as their own through the CLI (row-level security by the agent
        // column), and nobody else's.
        const Run history = run({u"history"_s, u"--db"_s, uriAs(m_owner, Agent), u"--format"_s, u"json"_s},
                                childEnvironment(m_home.path()));
        QVERIFY2(history.code == 0, qPrintable(history.text()));
        const QJsonArray rows = QJsonDocument::fromJson(history.out).array();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).toObject().value(u"id"_s).toString(), u"00000000-0000-4000-8000-000000000005"_s);
    }

private:
    Run copy() const
    {
        return run({u"history"_s, u"copy"_s, u"--from"_s, m_desk, u"--db"_s, m_owner},
                   childEnvironment(m_home.path(), QString()));
    }

    // Every row of the desk is on the server once, field for field, read back through the store.
    void checkSameRows()
    {
        HistoryStore desk(m_desk);
        QVERIFY2(desk.open(), qPrintable(desk.lastError()));
        HistoryStore team(m_owner);
        QVERIFY2(team.open(), qPrintable(team.lastError()));
        const QList<SubmissionRecord> mine = desk.query({}, HistorySort::CreatedAt, Qt::AscendingOrder, 0, 100);
        QCOMPARE(team.count({}), qint64(mine.size()));
        StoreTest::RawDb raw(m_owner);
        QCOMPARE(raw.scalar(u"SELECT COUNT(DISTINCT id) FROM submissions"_s).toInt(), int(mine.size()));
        QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM submission_payloads"_s).toInt(), int(mine.size()));
        for (const SubmissionRecord &expected : mine) {
            const std::optional<SubmissionRecord> got = team.record(expected.id);
            QVERIFY2(got, qPrintable(expected.id));
            QCOMPARE(got->createdAt, expected.createdAt);
            QCOMPARE(got->answeredAt, expected.answeredAt);
            QCOMPARE(got->agent, expected.agent);
            QCOMPARE(got->vendorId, expected.vendorId);
            QCOMPARE(got->accountMode, expected.accountMode);
            QCOMPARE(got->customerName, expected.customerName);
            QCOMPARE(got->phone, expected.phone);
            QCOMPARE(got->state, expected.state);
            QCOMPARE(got->final, expected.final);
            QCOMPARE(got->billable, expected.billable);
            QCOMPARE(got->httpStatus, expected.httpStatus);
            QCOMPARE(got->messages, expected.messages);
            QCOMPARE(got->fieldIssues.size(), expected.fieldIssues.size());
            QCOMPARE(got->durationMs, expected.durationMs);
            QCOMPARE(got->callbackToken, expected.callbackToken);
            QCOMPARE(got->finalisedAt, expected.finalisedAt);
            QCOMPARE(got->callbackBody, expected.callbackBody);
            QCOMPARE(got->leadJson, expected.leadJson);
            QCOMPARE(got->rawAnswer, expected.rawAnswer);
        }
    }

    QTemporaryDir m_home;
    QString m_owner;
    QString m_desk;
};

QTEST_GUILESS_MAIN(TestTeamCopy)
#include "tst_teamcopy.moc"
