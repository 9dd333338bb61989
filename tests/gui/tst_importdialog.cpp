// SPDX-License-Identifier: GPL-3.0-or-later
// Lead → Import leads… end to end, offscreen: a real SQLite history, the training simulator on loopback. A
// 1,000-row file with invalid rows is checked, its valid rows sent and the results shown, row by row, linked to
// the history; 10,000 rows are read without the window ever stalling; Cancel stops new rows.
#include "gui/ImportDialog.h"
#include "gui/ImportRowsModel.h"
#include "net/VendorSimulator.h"
#include "store/HistoryStore.h"

#include "../../bench/SampleLead.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

// A CSV of `rows` leads with distinct phones; every `invalidEvery`th row has a four-digit ZIP.
QByteArray csvFile(int rows, int invalidEvery, int exchange)
{
    QByteArray csv = "first_name,last_name,phone,email,dob,street,city,state,zip,utility,campaign,"
                     "trustedform_cert_url,ip,source_url,sub1,consent_1_question,consent_1_answer\n";
    const Lead l = Bench::sampleLead();
    for (int i = 0; i < rows; ++i) {
        const QString zip = (invalidEvery > 0 && i % invalidEvery == invalidEvery - 1) ? u"9000"_s : l.zip;
        const QString phone = u"(310) %1-%2"_s.arg(exchange + i / 9000).arg(1000 + i % 9000);
        csv += QStringList{l.firstName,
                           l.lastName,
                           phone,
                           l.email,
                           l.dob,
                           u"\"%1, Apt %2\""_s.arg(l.street).arg(i),
                           l.city,
                           l.state,
                           zip,
                           l.utility,
                           l.campaign,
                           l.trustedFormCertUrl,
                           l.ip,
                           l.sourceUrl,
                           l.sub1,
                           l.consent.at(0).question,
                           l.consent.at(0).answer}
                   .join(u',')
                   .toUtf8() +
               '\n';
    }
    return csv;
}

} // namespace

class TestImportDialog : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HistoryStore> m_store;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<VendorSimulator> m_simulator;
    std::unique_ptr<SubmissionService> m_service;

    std::unique_ptr<ImportDialog> dialog()
    {
        ImportDialog::Services services;
        services.store = m_store.get();
        services.service = m_service.get();
        services.account = [this](const QString &vendorId) {
            VendorAccount account;
            account.vendorId = vendorId;
            account.mode = AccountMode::Training;
            account.endpoint = m_simulator->endpoint(vendorId);
            account.user = QString::number(VendorSimulator::TrainingAffiliateId);
            account.secret = QString::fromLatin1(VendorSimulator::TrainingKey);
            return account;
        };
        services.agent = [] { return u"import.test"_s; };
        auto result = std::make_unique<ImportDialog>(std::move(services));
        result->setVendor(u"bhm"_s);
        result->show();
        return result;
    }

    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir->filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(bytes);
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QLoggingCategory::setFilterRules(u"*.debug=false\nleadrelay.*.info=false"_s); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_store = std::make_unique<HistoryStore>(m_dir->filePath(u"history.sqlite"_s));
        QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
        m_nam = std::make_unique<QNetworkAccessManager>();
        m_simulator = std::make_unique<VendorSimulator>();
        QVERIFY(m_simulator->listen());
        m_service = std::make_unique<SubmissionService>(m_store.get(), m_nam.get());
    }

    void cleanup()
    {
        m_service.reset();
        m_simulator.reset();
        m_nam.reset();
        m_store.reset();
        m_dir.reset();
    }

    void importsChecksSendsAndLinksResults()
    {
        auto import = dialog();
        QSignalSpy loaded(import.get(), &ImportDialog::loaded);
        import->openFile(writeFile(u"leads.csv"_s, csvFile(1000, 20, 204)));
        QVERIFY(loaded.wait(60000));
        ImportRowsModel *model = import->model();
        QCOMPARE(model->rowCount(), 1000);
        QCOMPARE(model->invalidCount(), 50);
        QVERIFY(model->data(model->index(19, ImportRowsModel::ProblemsColumn)).toString().startsWith(u"zip: "_s));
        auto *send = import->findChild<QPushButton *>(u"sendButton"_s);
        QVERIFY(send && send->isEnabled());
        QVERIFY2(send->text().contains(u"950"_s), qPrintable(send->text()));

        // Double-clicking a row with problems opens it in the form.
        auto *view = import->findChild<QTableView *>(u"rowsView"_s);
        QSignalSpy openLead(import.get(), &ImportDialog::openLeadRequested);
        Q_EMIT view->doubleClicked(model->index(19, 0));
        QCOMPARE(openLead.size(), 1);
        QCOMPARE(openLead.at(0).at(0).value<Lead>().zip, u"9000"_s);

        QSignalSpy finished(import.get(), &ImportDialog::sendingFinished);
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(!send->isEnabled());
        QVERIFY(finished.wait(180000));
        QCOMPARE(m_store->count(HistoryFilter{}), 950);
        QCOMPARE(import->findChild<QProgressBar *>(u"progressBar"_s)->value(), 950);
        for (int i = 0; i < 1000; ++i) {
            const bool invalid = i % 20 == 19;
            QCOMPARE(model->outcome(i), invalid ? QString() : u"sold"_s);
            QCOMPARE(model->historyId(i).isEmpty(), invalid);
        }
        // A sent row links to its history entry, which holds the row's lead.
        QSignalSpy showEntry(import.get(), &ImportDialog::showSubmissionRequested);
        Q_EMIT view->doubleClicked(model->index(3, 0));
        QCOMPARE(showEntry.size(), 1);
        const auto record = m_store->record(showEntry.at(0).at(0).toString());
        QVERIFY(record.has_value());
        QCOMPARE(record->phone, u"3102041003"_s);
        QCOMPARE(record->agent, u"import.test"_s);
    }

    void tenThousandRowsNeverStallTheWindow()
    {
        auto import = dialog();
        const QString path = writeFile(u"big.csv"_s, csvFile(10000, 0, 210));
        QSignalSpy loaded(import.get(), &ImportDialog::loaded);
        QElapsedTimer sinceTick;
        qint64 longestGap = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&] { longestGap = qMax(longestGap, sinceTick.restart()); });
        ticker.start(10);
        sinceTick.start();
        import->openFile(path);
        QVERIFY(loaded.wait(120000));
        ticker.stop();
        QCOMPARE(import->model()->rowCount(), 10000);
        QCOMPARE(import->model()->invalidCount(), 0);
        // Reading and checking ran on a worker: the event loop kept turning (the model's reset is the one step
        // on this thread).
        QVERIFY2(longestGap < 250, qPrintable(u"longest stall %1 ms"_s.arg(longestGap)));
    }

    void cancelStopsNewRowsAndWaitsForThoseInFlight()
    {
        auto import = dialog();
        QSignalSpy loaded(import.get(), &ImportDialog::loaded);
        import->openFile(writeFile(u"cancel.csv"_s, csvFile(400, 0, 220)));
        QVERIFY(loaded.wait(60000));
        QSignalSpy finished(import.get(), &ImportDialog::sendingFinished);
        import->send();
        auto *bar = import->findChild<QProgressBar *>(u"progressBar"_s);
        QTRY_VERIFY_WITH_TIMEOUT(bar->value() >= 20, 60000);
        QTest::mouseClick(import->findChild<QPushButton *>(u"cancelButton"_s), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        const qint64 recorded = m_store->count(HistoryFilter{});
        QVERIFY2(recorded < 400, qPrintable(QString::number(recorded)));
        int sent = 0;
        int notSent = 0;
        for (int i = 0; i < 400; ++i) {
            if (!import->model()->historyId(i).isEmpty())
                ++sent;
            else if (!import->model()->outcome(i).isEmpty())
                ++notSent;
        }
        // Every row that was recorded was answered and shows it; every other row says it was not sent.
        QCOMPARE(sent, int(recorded));
        QCOMPARE(sent + notSent, 400);
        HistoryFilter sending;
        sending.stateKey = outcomeStateKey(OutcomeState::Sending);
        QCOMPARE(m_store->count(sending), 0);
    }
};

QTEST_MAIN(TestImportDialog)
#include "tst_importdialog.moc"
