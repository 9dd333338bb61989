// SPDX-License-Identifier: GPL-3.0-or-later
// leadrelay-cli returns import (issue 10, item 5), run as a user would: a buyer's file with its own column names,
// applied twice, problems listed by line, a malformed file refused with nothing changed; history shows the return.
#include "CliTestSupport.h"
#include "store/HistoryStore.h"

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

class TestCliReturns : public QObject, public CliFixture
{
    Q_OBJECT

private:
    QString writeFile(const QString &name, const QByteArray &bytes) const
    {
        const QString path = m_home.filePath(name);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(bytes);
        return path;
    }

    // Two sold rows and one rejected, recorded as the CLI's own submissions would be.
    void seed(const QString &db) const
    {
        HistoryStore store(db);
        QVERIFY(store.open());
        QList<SubmissionRecord> rows;
        const QDateTime base(QDate(2026, 11, 2), QTime(15, 0), Qt::UTC);
        for (int i = 0; i < 3; ++i) {
            SubmissionRecord r;
            r.id = u"sub-%1"_s.arg(i);
            r.createdAt = base.addDays(i);
            r.answeredAt = r.createdAt.addSecs(1);
            r.agent = u"maria.g"_s;
            r.vendorId = u"bhm"_s;
            r.accountMode = u"production"_s;
            r.customerName = u"Pat Doe"_s;
            r.phone = u"212555010%1"_s.arg(i);
            r.leadJson = "{}";
            r.state = i < 2 ? OutcomeState::Sold : OutcomeState::Rejected;
            r.billable = i < 2;
            r.final = true;
            r.vendorLeadId = u"BH-%1"_s.arg(i);
            rows.append(r);
        }
        QVERIFY(store.importRecords(rows));
    }

private Q_SLOTS:
    void initTestCase() { checkSetUp(); }

    void importTwiceChangesOnce()
    {
        const QString db = dbPath(u"returns"_s);
        seed(db);
        const QString file = writeFile(u"bhm-returns.csv"_s, "Lead ID,Phone,Sent,Reason\r\n"
                                                             "BH-0,,,Duplicate\r\n"
                                                             ",(212) 555-0101,11/03/2026,Wrong number\r\n"
                                                             "BH-9,,,Disputed\r\n");
        const QStringList arguments{u"returns"_s,       u"import"_s, file,       u"--vendor"_s,        u"bhm"_s,
                                    u"--db"_s,          db,          u"--map"_s, u"Lead ID=lead_id"_s, u"--map"_s,
                                    u"Sent=lead_date"_s};
        const Run first = run(arguments);
        QCOMPARE(first.code, 1); // one line not recorded
        QVERIFY2(first.out.contains("line 4: no submission to bhm with lead id BH-9"), first.out.constData());
        QVERIFY2(first.out.contains("3 lines: 2 marked returned, 0 already returned, 1 unmatched"),
                 first.out.constData());

        const QJsonArray rows = historyRows(db);
        int returned = 0;
        for (const QJsonValue &row : rows) {
            const QJsonObject object = row.toObject();
            if (!object.value(u"returned_at"_s).isNull()) {
                ++returned;
                QCOMPARE(object.value(u"billable"_s).toBool(), false);
            }
        }
        QCOMPARE(returned, 2);
        const Run table = run({u"history"_s, u"--db"_s, db});
        QCOMPARE(table.out.count("returned"), 2);

        const Run second = run(arguments);
        QCOMPARE(second.code, 1);
        QVERIFY2(second.out.contains("3 lines: 0 marked returned, 2 already returned, 1 unmatched"),
                 second.out.constData());
        QCOMPARE(historyRows(db), rows); // the same history, byte for byte
    }

    void malformedFileChangesNothing()
    {
        const QString db = dbPath(u"malformed"_s);
        seed(db);
        const QString file = writeFile(u"broken.csv"_s, "lead_id,reason\nBH-0,Duplicate\nBH-1,\"Wrong\n");
        const Run result = run({u"returns"_s, u"import"_s, file, u"--vendor"_s, u"bhm"_s, u"--db"_s, db});
        QCOMPARE(result.code, 2);
        QVERIFY2(result.err.contains("line 3: a quoted cell is never closed") &&
                     result.err.contains("Nothing was changed"),
                 result.err.constData());
        for (const QJsonValue &row : historyRows(db))
            QVERIFY(row.toObject().value(u"returned_at"_s).isNull());
        const Run badMap =
            run({u"returns"_s, u"import"_s, file, u"--vendor"_s, u"bhm"_s, u"--db"_s, db, u"--map"_s, u"x=colour"_s});
        QCOMPARE(badMap.code, 2);
        QVERIFY(badMap.err.contains("colour"));
    }
};

QTEST_GUILESS_MAIN(TestCliReturns)
#include "tst_clireturns.moc"
