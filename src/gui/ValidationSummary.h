// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QWidget>

#include <memory>

class QListWidgetItem;

namespace Ui
{
class ValidationSummary;
}

namespace LeadRelay
{

struct SummaryEntry
{
    QString key;          // the field to jump to; empty for the lead as a whole
    QString text;         // "Phone: not a valid US number"
    bool pending = false; // an aggregate of fields not touched yet, shown plainly rather than as an error
};

// What still blocks sending, always with the count; activating an entry (click, Enter) jumps to its field.
class ValidationSummary : public QWidget
{
    Q_OBJECT

public:
    explicit ValidationSummary(QWidget *parent = nullptr);
    ~ValidationSummary() override;

    void setState(const QString &vendorName, int blockingCount, const QList<SummaryEntry> &entries);
    // The lead was taken and Send is off until it changes: "ready to send" would be a lie.
    void setSent(const QString &vendorName, const QString &newLeadShortcut);
    // A send is in flight and Send is off.
    void setSending(const QString &vendorName);
    int blockingCount() const { return m_count; }
    QString headline() const;
    QStringList entryTexts() const;
    // Focus the list (after a refused submit), its first entry selected.
    void focusList();

Q_SIGNALS:
    void fieldActivated(const QString &key);

private:
    void activate(QListWidgetItem *item);
    void setHeadline(const QString &text, const QString &issue);

    std::unique_ptr<Ui::ValidationSummary> m_ui;
    int m_count = 0;
};

} // namespace LeadRelay
