// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImportDialog.h"

#include "ImportRowsModel.h"
#include "pipeline/BatchSender.h"
#include "ui_ImportDialog.h"

#include <QFileDialog>
#include <QHeaderView>
#include <QThread>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

ImportDialog::ImportDialog(Services services, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ImportDialog>())
    , m_services(std::move(services))
    , m_model(new ImportRowsModel(this))
    , m_sender(new BatchSender(m_services.service, m_services.store, this))
{
    m_ui->setupUi(this);
    for (const Vendor *vendor : allVendors())
        m_ui->vendorCombo->addItem(vendor->displayName(), vendor->id());
    m_ui->rowsView->setModel(m_model);
    m_ui->rowsView->horizontalHeader()->setStretchLastSection(true);
    m_ui->rowsView->verticalHeader()->hide();
    // Fixed row heights: the view never measures 10,000 rows.
    m_ui->rowsView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_ui->rowsView->setColumnWidth(ImportRowsModel::ProblemsColumn, 320);
    m_sender->setConcurrency(Concurrency);
    m_sender->setRowDone([this](const BatchSender::RowResult &result) {
        m_model->setResult(result);
        m_ui->progressBar->setValue(++m_done);
    });

    connect(m_ui->browseButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import leads"), m_path,
                                                          tr("Leads (*.csv *.jsonl *.ndjson *.json);;All files (*)"));
        if (!path.isEmpty())
            openFile(path);
    });
    connect(m_ui->vendorCombo, &QComboBox::currentIndexChanged, this, [this] { load(); });
    connect(m_ui->sendButton, &QPushButton::clicked, this, &ImportDialog::send);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &ImportDialog::cancel);
    connect(m_ui->closeButton, &QPushButton::clicked, this, &ImportDialog::reject);
    connect(m_ui->rowsView, &QAbstractItemView::doubleClicked, this, &ImportDialog::rowActivated);
    connect(m_sender, &BatchSender::finished, this, [this] {
        m_ui->statusLabel->setText(m_sender->isCancelled()
                                       ? tr("Stopped. Rows not sent can be sent by importing the file again; rows "
                                            "already recorded are never sent twice.")
                                       : tr("Done. Double-click a row to open its history entry."));
        updateButtons();
        Q_EMIT sendingFinished();
    });
    updateButtons();
}

ImportDialog::~ImportDialog() = default;

void ImportDialog::openFile(const QString &path)
{
    m_path = path;
    m_ui->fileEdit->setText(path);
    load();
}

void ImportDialog::setVendor(const QString &vendorId)
{
    const int index = m_ui->vendorCombo->findData(vendorId);
    if (index >= 0)
        m_ui->vendorCombo->setCurrentIndex(index);
}

void ImportDialog::load()
{
    if (m_path.isEmpty() || m_sender->isRunning())
        return;
    const Vendor *vendor = vendorById(m_ui->vendorCombo->currentData().toString());
    if (!vendor)
        return;
    const int generation = ++m_loadGeneration;
    m_loading = true;
    m_ui->statusLabel->setText(tr("Reading %1…").arg(m_path));
    updateButtons();
    const QDate today = m_services.clock().date();
    const QString agent = m_services.agent ? m_services.agent() : QString();
    auto file = std::make_shared<BatchFile>();
    // Reading and checking every row is pure work on values: a worker does it, the window stays live.
    QThread *worker = QThread::create([file, path = m_path, vendor, today, agent] {
        *file = BatchFile::read(path);
        for (BatchRow &row : file->rows) {
            if (row.lead && row.lead->agent.isEmpty())
                row.lead->agent = agent;
        }
        file->validate(*vendor, today);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &QThread::finished, this, [this, file, generation] {
        if (generation != m_loadGeneration)
            return; // a newer file or vendor was chosen meanwhile
        m_loading = false;
        m_done = 0;
        m_ui->progressBar->setValue(0);
        if (!file->error.isEmpty()) {
            m_model->setFile(BatchFile());
            m_ui->statusLabel->setText(tr("This file cannot be imported: %1.").arg(file->error));
        } else {
            m_model->setFile(*file);
            const int invalid = m_model->invalidCount();
            m_ui->statusLabel->setText(
                invalid == 0 ? tr("%n row(s), all ready to send.", nullptr, m_model->rowCount())
                             : tr("%1 rows: %2 with problems (not sent; double-click one to fix it in the form).")
                                   .arg(m_model->rowCount())
                                   .arg(invalid));
        }
        updateButtons();
        Q_EMIT loaded();
    });
    worker->start();
}

void ImportDialog::send()
{
    if (m_loading || m_sender->isRunning())
        return;
    const Vendor *vendor = vendorById(m_ui->vendorCombo->currentData().toString());
    if (!vendor)
        return;
    QList<BatchSender::Item> items;
    for (int i = 0; i < m_model->rowCount(); ++i) {
        const BatchRow &row = m_model->row(i);
        if (row.isValid())
            items.append(BatchSender::Item{row.line, *row.lead});
    }
    if (items.isEmpty())
        return;
    SubmissionService::Request request;
    request.vendor = vendor;
    request.account = m_services.account(vendor->id());
    if (m_services.callbackBase)
        request.callbackBase = m_services.callbackBase(request.account);
    m_model->clearResults();
    m_done = 0;
    m_ui->progressBar->setRange(0, int(items.size()));
    m_ui->progressBar->setValue(0);
    m_ui->statusLabel->setText(tr("Sending %n lead(s)…", nullptr, int(items.size())));
    m_sender->start(items, request, QUuid::createUuid().toString(QUuid::WithoutBraces));
    updateButtons();
}

void ImportDialog::cancel()
{
    if (!m_sender->isRunning())
        return;
    m_sender->cancel();
    m_ui->statusLabel->setText(tr("Stopping: no new rows; waiting for %n in flight.", nullptr, m_sender->inFlight()));
    updateButtons();
}

bool ImportDialog::isBusy() const
{
    return m_loading || m_sender->isRunning();
}

void ImportDialog::reject()
{
    // Closing while sending would drop answers on the floor: stop first, close when the last answer is in.
    if (m_sender->isRunning()) {
        cancel();
        return;
    }
    QDialog::reject();
}

void ImportDialog::rowActivated(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QString id = m_model->historyId(index.row());
    if (!id.isEmpty()) {
        Q_EMIT showSubmissionRequested(id);
        return;
    }
    const BatchRow &row = m_model->row(index.row());
    if (row.lead && !m_sender->isRunning())
        Q_EMIT openLeadRequested(*row.lead);
}

void ImportDialog::updateButtons()
{
    const bool running = m_sender->isRunning();
    const int valid = m_model->validCount();
    m_ui->sendButton->setText(tr("Send %n valid lead(s)", nullptr, valid));
    m_ui->sendButton->setEnabled(!m_loading && !running && valid > 0);
    m_ui->cancelButton->setEnabled(running && !m_sender->isCancelled());
    m_ui->browseButton->setEnabled(!running);
    m_ui->vendorCombo->setEnabled(!running);
}

} // namespace LeadRelay
