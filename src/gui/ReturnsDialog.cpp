// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReturnsDialog.h"

#include "vendors/Vendor.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

QString statusName(ReturnResult::Status status)
{
    switch (status) {
    case ReturnResult::Status::ToReturn:
        return ReturnsDialog::tr("Will be marked returned");
    case ReturnResult::Status::Returned:
        return ReturnsDialog::tr("Marked returned");
    case ReturnResult::Status::AlreadyReturned:
        return ReturnsDialog::tr("Already returned");
    case ReturnResult::Status::Conflict:
        return ReturnsDialog::tr("Returned before, other reason");
    case ReturnResult::Status::Unmatched:
        return ReturnsDialog::tr("No match");
    case ReturnResult::Status::Ambiguous:
        return ReturnsDialog::tr("Several matches");
    }
    return {};
}

} // namespace

ReturnsDialog::ReturnsDialog(HistoryStore *store, std::function<QDate()> today, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_today(std::move(today))
    , m_path(new QLineEdit(this))
    , m_browse(new QPushButton(tr("&Choose…"), this))
    , m_vendor(new QComboBox(this))
    , m_mappings(new QLineEdit(this))
    , m_preview(new QPushButton(tr("&Preview"), this))
    , m_table(new QTableWidget(0, 4, this))
    , m_status(new QLabel(this))
    , m_apply(new QPushButton(tr("&Record returns"), this))
{
    setObjectName(u"returnsDialog"_s);
    setWindowTitle(tr("Import returns"));
    resize(760, 480);
    m_path->setObjectName(u"returnsPath"_s);
    m_path->setAccessibleName(tr("Returns file"));
    m_browse->setObjectName(u"returnsBrowse"_s);
    m_vendor->setObjectName(u"returnsVendor"_s);
    m_vendor->setAccessibleName(tr("Vendor"));
    for (const Vendor *vendor : allVendors())
        m_vendor->addItem(vendor->displayName(), vendor->id());
    m_mappings->setObjectName(u"returnsMappings"_s);
    m_mappings->setAccessibleName(tr("Column names"));
    m_mappings->setPlaceholderText(tr("Only if the buyer names columns differently, e.g. Lead ID=lead_id; "
                                      "Reason Code=reason"));
    m_mappings->setToolTip(tr("Fields: %1").arg(ReturnsImport::fields().join(u", "_s)));
    m_preview->setObjectName(u"returnsPreview"_s);
    m_table->setObjectName(u"returnsTable"_s);
    m_table->setAccessibleName(tr("Lines of the returns file"));
    m_table->setHorizontalHeaderLabels({tr("Line"), tr("Result"), tr("Submission"), tr("Details")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_status->setObjectName(u"returnsStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_apply->setObjectName(u"returnsApply"_s);
    m_apply->setEnabled(false);

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(m_browse);
    auto *form = new QFormLayout;
    auto *fileLabel = new QLabel(tr("Returns &file:"), this);
    fileLabel->setBuddy(m_path); // QFormLayout sets no buddy for a row that is a layout
    form->addRow(fileLabel, fileRow);
    form->addRow(tr("&Vendor:"), m_vendor);
    form->addRow(tr("C&olumn names:"), m_mappings);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_preview, QDialogButtonBox::ActionRole);
    buttons->addButton(m_apply, QDialogButtonBox::ApplyRole);
    buttons->addButton(QDialogButtonBox::Close);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import returns"), m_path->text(),
                                                          tr("Returns (*.csv);;All files (*)"));
        if (!path.isEmpty())
            setPath(path);
    });
    connect(m_path, &QLineEdit::textChanged, this, &ReturnsDialog::invalidate);
    connect(m_vendor, &QComboBox::currentIndexChanged, this, &ReturnsDialog::invalidate);
    connect(m_mappings, &QLineEdit::textChanged, this, &ReturnsDialog::invalidate);
    connect(m_preview, &QPushButton::clicked, this, &ReturnsDialog::preview);
    connect(m_apply, &QPushButton::clicked, this, &ReturnsDialog::apply);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setTabOrder(m_path, m_browse);
    setTabOrder(m_browse, m_vendor);
    setTabOrder(m_vendor, m_mappings);
    setTabOrder(m_mappings, m_preview);
    setTabOrder(m_preview, m_table);
    setTabOrder(m_table, m_apply);
}

void ReturnsDialog::setPath(const QString &path)
{
    m_path->setText(path);
}

void ReturnsDialog::setVendor(const QString &vendorId)
{
    const int index = m_vendor->findData(vendorId);
    if (index >= 0)
        m_vendor->setCurrentIndex(index);
}

void ReturnsDialog::invalidate()
{
    m_previewed = false;
    m_apply->setEnabled(false);
}

bool ReturnsDialog::preview()
{
    invalidate();
    m_table->setRowCount(0);
    m_import = ReturnsImport();
    for (const QString &mapping : m_mappings->text().split(u';', Qt::SkipEmptyParts)) {
        QString error;
        if (!m_import.setColumn(mapping.trimmed(), &error)) {
            m_status->setText(tr("Column names: %1").arg(error));
            return false;
        }
    }
    if (m_path->text().trimmed().isEmpty()) {
        m_status->setText(tr("Choose the buyer's returns file first."));
        return false;
    }
    if (!m_import.read(m_path->text().trimmed())) {
        m_status->setText(tr("This file cannot be used: %1. Nothing was changed.").arg(m_import.error()));
        return false;
    }
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    const bool matched = m_import.match(*m_store, m_vendor->currentData().toString(), m_today());
    QGuiApplication::restoreOverrideCursor();
    if (!matched) {
        m_status->setText(tr("The history could not be read: %1").arg(m_import.error()));
        return false;
    }
    m_previewed = true;
    showResults();
    m_apply->setEnabled(m_import.count(ReturnResult::Status::ToReturn) > 0);
    return true;
}

bool ReturnsDialog::apply()
{
    if (!m_previewed)
        return false;
    if (!m_import.apply(*m_store)) {
        m_status->setText(tr("The history refused the returns: %1. Nothing was changed.").arg(m_import.error()));
        return false;
    }
    m_apply->setEnabled(false);
    showResults();
    return true;
}

void ReturnsDialog::showResults()
{
    const QList<ReturnResult> &results = m_import.results();
    const QString vendorId = m_vendor->currentData().toString();
    m_table->setRowCount(int(results.size()));
    for (int i = 0; i < results.size(); ++i) {
        const ReturnResult &r = results.at(i);
        const QStringList cells{QString::number(r.data.line), statusName(r.status),
                                r.submissionId.isEmpty() ? r.candidates.join(u", "_s) : r.submissionId,
                                ReturnsImport::describe(r, vendorId)};
        for (int column = 0; column < cells.size(); ++column)
            m_table->setItem(i, column, new QTableWidgetItem(cells.at(column)));
    }
    m_table->resizeColumnsToContents();
    m_status->setText(statusText());
}

QString ReturnsDialog::statusText() const
{
    using Status = ReturnResult::Status;
    return tr("%1 lines: %2 to mark returned, %3 marked returned, %4 already returned, %5 without a match, "
              "%6 with several matches, %7 returned before for another reason.")
        .arg(m_import.results().size())
        .arg(m_import.count(Status::ToReturn))
        .arg(m_import.count(Status::Returned))
        .arg(m_import.count(Status::AlreadyReturned))
        .arg(m_import.count(Status::Unmatched))
        .arg(m_import.count(Status::Ambiguous))
        .arg(m_import.count(Status::Conflict));
}

} // namespace LeadRelay
