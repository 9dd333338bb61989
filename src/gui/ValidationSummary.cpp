// SPDX-License-Identifier: GPL-3.0-or-later
#include "ValidationSummary.h"

#include "PngIcons.h"
#include "ui_ValidationSummary.h"

#include <QAccessible>
#include <QIcon>
#include <QListWidget>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

ValidationSummary::ValidationSummary(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ValidationSummary>())
{
    m_ui->setupUi(this);
    connect(m_ui->summary_list, &QListWidget::itemActivated, this, &ValidationSummary::activate);
    connect(m_ui->summary_list, &QListWidget::itemClicked, this, &ValidationSummary::activate);
}

ValidationSummary::~ValidationSummary() = default;

void ValidationSummary::setState(const QString &vendorName, int blockingCount, const QList<SummaryEntry> &entries)
{
    m_count = blockingCount;
    if (blockingCount == 0)
        setHeadline(tr("✔ Ready to send to %1").arg(vendorName), QString());
    else
        setHeadline(blockingCount == 1 ? tr("✖ 1 problem blocks sending to %1").arg(vendorName)
                                       : tr("✖ %1 problems block sending to %2").arg(blockingCount).arg(vendorName),
                    u"error"_s);

    m_ui->summary_list->clear();
    for (const SummaryEntry &entry : entries) {
        auto *item = new QListWidgetItem(entry.text, m_ui->summary_list);
        item->setData(Qt::UserRole, entry.key);
        // Pre-rendered at the list's 16-pixel icon size (with @2x): the summary is filled while the window is built,
        // and an SVG there would load Qt's SVG icon engine before the first paint (issue 13).
        item->setIcon(
            pngIcon(entry.pending ? u":/icons/prerendered/pending.png"_s : u":/icons/prerendered/error.png"_s));
        item->setToolTip(entry.key.isEmpty() ? entry.text : tr("%1 (click to go to the field)").arg(entry.text));
    }
    m_ui->summary_list->setVisible(!entries.isEmpty());
}

void ValidationSummary::setSent(const QString &vendorName, const QString &newLeadShortcut)
{
    m_count = 0;
    setHeadline(tr("✔ Sent to %1. Start the next lead with %2.").arg(vendorName, newLeadShortcut), QString());
    m_ui->summary_list->clear();
    m_ui->summary_list->setVisible(false);
}

void ValidationSummary::setSending(const QString &vendorName)
{
    setHeadline(tr("Sending to %1…").arg(vendorName), QString());
}

void ValidationSummary::setHeadline(const QString &text, const QString &issue)
{
    const bool changed = m_ui->summary_count->text() != text;
    m_ui->summary_count->setText(text);
    m_ui->summary_count->setProperty("issue", issue);
    m_ui->summary_count->style()->unpolish(m_ui->summary_count);
    m_ui->summary_count->style()->polish(m_ui->summary_count);
    m_ui->summary_list->setAccessibleDescription(text);
    // A screen reader hears the new count without moving to it.
    if (changed && QAccessible::isActive()) {
        QAccessibleEvent event(m_ui->summary_count, QAccessible::NameChanged);
        QAccessible::updateAccessibility(&event);
    }
}

QString ValidationSummary::headline() const
{
    return m_ui->summary_count->text();
}

QStringList ValidationSummary::entryTexts() const
{
    QStringList texts;
    for (int i = 0; i < m_ui->summary_list->count(); ++i)
        texts << m_ui->summary_list->item(i)->text();
    return texts;
}

void ValidationSummary::focusList()
{
    if (m_ui->summary_list->count() == 0)
        return;
    m_ui->summary_list->setCurrentRow(0);
    m_ui->summary_list->setFocus(Qt::OtherFocusReason);
}

void ValidationSummary::activate(QListWidgetItem *item)
{
    if (!item)
        return;
    const QString key = item->data(Qt::UserRole).toString();
    if (!key.isEmpty())
        Q_EMIT fieldActivated(key);
}

} // namespace LeadRelay
