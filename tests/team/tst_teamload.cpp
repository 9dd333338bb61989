// SPDX-License-Identifier: GPL-3.0-or-later
// A floor at work (issue 9, item 9): 8 desks, each its own agent login and its own leadrelay-cli process, send 50
// distinct leads each into one team database at the same time, with the duplicate guard on, while the floor's
// receiver (leadrelay-cli callbacks, as the receiver login) records nTherm's final results posted by the
// simulator. At the end: every submission exactly once, each under its desk's login, every final result applied.
#include "TeamTestSupport.h"
#include "net/VendorSimulator.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QRegularExpression>

using namespace LeadRelay;
using namespace LeadRelay::TeamTest;

namespace
{

constexpr int Desks = 8;
const QString Receiver = u"tt_load_rx"_s;

QString agent(int desk)
{
    return u"tt_load_a%1"_s.arg(desk);
}

QString vendorOf(int desk)
{
    return desk % 2 == 0 ? u"ntherm"_s : u"bhm"_s;
}

// Distinct for every desk and lead: 212-73<desk>-5<lead>.
QString digits(int desk, int lead)
{
    return u"21273%1%2"_s.arg(desk).arg(5000 + lead);
}

QString formatted(const QString &phone)
{
    return u"(%1) %2-%3"_s.arg(phone.left(3), phone.mid(3, 3), phone.mid(6));
}

} // namespace

class TestTeamLoad : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!StoreTest::onPostgres())
            QSKIP("Needs the PostgreSQL test cluster (LEADRELAY_TEST_BACKEND=postgresql)");
        QVERIFY2(QFile::exists(Cli), qPrintable(Cli));
        // One line per simulated request would bury the test's own output.
        QLoggingCategory::setFilterRules(u"leadrelay.net.info=false"_s);
    }

    void eightDesksAndTheReceiver_data()
    {
        QTest::addColumn<bool>("batch");
        QTest::addColumn<int>("perDesk");
        // Each desk one process sending its 50 leads (submit --batch: up to 4 in flight per desk).
        QTest::newRow("8 processes x 50 (batch)") << true << 50;
        // Each lead its own process, 8 desks side by side: the way scripts call submit.
        QTest::newRow("8 desks x 20 processes (submit)") << false << 20;
    }

    void eightDesksAndTheReceiver()
    {
        QFETCH(bool, batch);
        QFETCH(int, perDesk);
        QElapsedTimer clock;
        clock.start();
        QList<std::pair<QString, QString>> logins{{Receiver, u"receiver"_s}};
        for (int desk = 0; desk < Desks; ++desk)
            logins.append({agent(desk), u"agent"_s});
        const QString owner = makeTeamDatabase(batch ? u"tt_load_batch"_s : u"tt_load_single"_s, logins);
        QVERIFY(!owner.isEmpty());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        VendorSimulator simulator;
        simulator.setCallbackDelayMs(0);
        QVERIFY(simulator.listen());
        QHash<QString, int> handled;
        int callbacksAnswered = 0;
        int callbacksFailed = 0;
        connect(&simulator, &VendorSimulator::requestHandled, this,
                [&handled](const QString &vendorId, int) { ++handled[vendorId]; });
        connect(&simulator, &VendorSimulator::callbackSent, this,
                [&](const QUrl &, int status) { ++(status == 200 ? callbacksAnswered : callbacksFailed); });

        // The floor's receiver, as its own login; every desk learns its address from the team setting.
        QProcess receiver;
        receiver.setProcessEnvironment(childEnvironment(dir.filePath(u"receiver"_s)));
        receiver.start(Cli, {u"callbacks"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, uriAs(owner, Receiver)});
        const QString listening = firstLine(receiver);
        static const QRegularExpression address(u"^listening on (http://127\\.0\\.0\\.1:\\d+)$"_s);
        const QRegularExpressionMatch match = address.match(listening);
        QVERIFY2(match.hasMatch(), qPrintable(listening + QString::fromUtf8(receiver.readAllStandardError())));
        const Run init = run({u"team"_s, u"init"_s, u"--db"_s, owner, u"--callback-base"_s, match.captured(1)},
                             childEnvironment(dir.path(), QString()));
        QVERIFY2(init.code == 0, qPrintable(init.text()));

        // Each desk's leads, and the chain of processes that sends them.
        struct Desk
        {
            QStringList leads; // lead files, or one batch file
            int next = 0;
            QStringList failures;
            std::unique_ptr<QProcess> process;
        };
        std::array<Desk, Desks> desks;
        for (int d = 0; d < Desks; ++d) {
            QByteArray lines;
            for (int i = 0; i < perDesk; ++i) {
                const QByteArray lead =
                    QJsonDocument(leadWithPhone(formatted(digits(d, i)))).toJson(QJsonDocument::Compact);
                if (batch)
                    lines += lead + '\n';
                else
                    desks[d].leads.append(writeFile(dir.filePath(u"lead-%1-%2.json"_s.arg(d).arg(i)), lead));
            }
            if (batch)
                desks[d].leads.append(writeFile(dir.filePath(u"desk-%1.jsonl"_s.arg(d)), lines));
            QVERIFY(!desks[d].leads.contains(QString()));
        }
        std::function<void(int)> startNext = [&](int d) {
            Desk &desk = desks[d];
            const QString lead = desk.leads.at(desk.next);
            desk.process = std::make_unique<QProcess>();
            QProcess *process = desk.process.get();
            process->setProcessEnvironment(childEnvironment(dir.filePath(agent(d))));
            connect(process, &QProcess::finished, this, [&, d, process](int code, QProcess::ExitStatus status) {
                Desk &done = desks[d];
                if (status != QProcess::NormalExit || code != 0)
                    done.failures.append(u"%1 exit %2: %3%4"_s.arg(agent(d)).arg(code).arg(
                        QString::fromUtf8(process->readAllStandardOutput()),
                        QString::fromUtf8(process->readAllStandardError())));
                if (++done.next < done.leads.size())
                    QMetaObject::invokeMethod(
                        this, [&startNext, d] { startNext(d); }, Qt::QueuedConnection);
            });
            process->start(Cli, {u"submit"_s, u"--vendor"_s, vendorOf(d), batch ? u"--batch"_s : u"--lead"_s, lead,
                                 u"--db"_s, uriAs(owner, agent(d)), u"--endpoint"_s,
                                 simulator.endpoint(vendorOf(d)).toString()});
        };
        for (int d = 0; d < Desks; ++d)
            startNext(d);
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(desks.begin(), desks.end(), [](const Desk &desk) { return desk.next == desk.leads.size(); }),
            240000);
        const qint64 sentMs = clock.elapsed();
        for (const Desk &desk : desks)
            QVERIFY2(desk.failures.isEmpty(), qPrintable(desk.failures.join(u'\n')));

        const int total = Desks * perDesk;
        const int ntherm = Desks / 2 * perDesk;
        StoreTest::RawDb raw(owner);
        auto count = [&raw](const QString &where) {
            return raw.scalar(u"SELECT COUNT(*) FROM submissions WHERE "_s + where).toInt();
        };
        // nTherm's final results, posted by the simulator to the receiver process.
        [[maybe_unused]] const bool allFinal =
            QTest::qWaitFor([&] { return count(u"vendor_id = 'ntherm' AND final = 1"_s) == ntherm; }, 60000);
        {
            QSqlQuery waiting(QSqlDatabase::database(raw.name(), false));
            waiting.exec(u"SELECT id, state, answered_at, finalised_at FROM submissions "
                         "WHERE vendor_id = 'ntherm' AND final = 0"_s);
            while (waiting.next())
                qWarning().noquote() << "no final result:" << waiting.value(0).toString() << waiting.value(1).toString()
                                     << "answered" << waiting.value(2).toString() << "finalised"
                                     << waiting.value(3).toString();
        }
        QCOMPARE(count(u"vendor_id = 'ntherm' AND final = 1"_s), ntherm);
        qInfo().noquote() << total << "submissions sent in" << sentMs << "ms; every final result in" << clock.elapsed()
                          << "ms";

        // Every lead reached the vendor once, and is in the history once, under its desk's login.
        QCOMPARE(handled.value(u"ntherm"_s), ntherm);
        QCOMPARE(handled.value(u"bhm"_s), total - ntherm);
        QCOMPARE(count(u"TRUE"_s), total);
        QCOMPARE(raw.scalar(u"SELECT COUNT(DISTINCT id) FROM submissions"_s).toInt(), total);
        QCOMPARE(raw.scalar(u"SELECT COUNT(DISTINCT vendor_id || phone) FROM submissions"_s).toInt(), total);
        QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM submission_payloads"_s).toInt(), total);
        for (int d = 0; d < Desks; ++d) {
            QCOMPARE(count(u"agent = '%1'"_s.arg(agent(d))), perDesk);
            QCOMPARE(
                count(
                    u"agent = '%1' AND vendor_id = '%2' AND phone LIKE '21273%3%'"_s.arg(agent(d), vendorOf(d)).arg(d)),
                perDesk);
        }
        // Every answer recorded, every callback applied: nTherm's rule is a phone ending in 9 is rejected on review.
        QCOMPARE(count(u"state IN ('sending', 'delivery_unknown', 'not_delivered')"_s), 0);
        QCOMPARE(count(u"vendor_id = 'bhm' AND state = 'sold' AND final = 1"_s), total - ntherm);
        QCOMPARE(count(u"vendor_id = 'ntherm' AND (callback_token IS NULL OR finalised_at IS NULL)"_s), 0);
        const int endingIn9 = Desks / 2 * (perDesk / 10); // leads 9, 19, 29, ... of each nTherm desk
        QCOMPARE(count(u"vendor_id = 'ntherm' AND phone LIKE '%9' AND state = 'rejected'"_s), endingIn9);
        QCOMPARE(count(u"vendor_id = 'ntherm' AND phone NOT LIKE '%9' AND state = 'accepted'"_s), ntherm - endingIn9);
        // The receiver commits before it answers the simulator: its answers may still be on their way.
        QTRY_COMPARE_WITH_TIMEOUT(callbacksAnswered, ntherm, 10000);
        QCOMPARE(callbacksFailed, 0);

        receiver.terminate();
        QVERIFY(receiver.waitForFinished(10000));
        QCOMPARE(receiver.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTeamLoad)
#include "tst_teamload.moc"
