// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubmissionDetail.h"

#include "ui_SubmissionDetail.h"

#include "vendors/Vendor.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

QString timeText(const QDateTime &utc)
{
    // The table's format, plus the zone: supervisors compare these with vendor reports.
    return utc.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss t"_s);
}

QString valueText(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool() ? SubmissionDetail::tr("yes") : SubmissionDetail::tr("no");
    if (value.isDouble())
        return QString::number(value.toDouble());
    return value.toString();
}

} // namespace

SubmissionDetail::SubmissionDetail(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::SubmissionDetail>())
{
    m_ui->setupUi(this);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit *edit : {m_ui->leadText, m_ui->requestText, m_ui->answerText, m_ui->messagesText})
        edit->setFont(mono);
    connect(m_ui->loadButton, &QPushButton::clicked, this, &SubmissionDetail::loadIntoForm);
    connect(m_ui->copyButton, &QPushButton::clicked, this, &SubmissionDetail::copyJson);
    setRecord(std::nullopt);
}

SubmissionDetail::~SubmissionDetail() = default;

void SubmissionDetail::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

QString SubmissionDetail::leadText(const QByteArray &leadJson)
{
    const QJsonObject lead = QJsonDocument::fromJson(leadJson).object();
    if (lead.isEmpty())
        return QString::fromUtf8(leadJson);
    // The lead as a supervisor reads it: the form's order, one "key: value" line per filled field.
    QStringList lines;
    QStringList keys = Lead::textKeys();
    keys << Key::MailingSame << Key::ConsentRecordedAt;
    for (const QString &key : std::as_const(keys)) {
        const QString value = valueText(lead.value(key));
        if (!value.isEmpty())
            lines << u"%1: %2"_s.arg(key, value);
    }
    const QJsonArray consent = lead.value(Key::Consent).toArray();
    for (qsizetype i = 0; i < consent.size(); ++i) {
        const QJsonObject answer = consent.at(i).toObject();
        lines << tr("consent %1: %2 → %3")
                     .arg(i + 1)
                     .arg(answer.value(u"question"_s).toString(), answer.value(u"answer"_s).toString());
    }
    // Keys this build does not know (a newer format) are still shown, never hidden.
    for (auto it = lead.begin(); it != lead.end(); ++it) {
        if (!keys.contains(it.key()) && it.key() != Key::Consent && it.key() != Key::Format)
            lines << u"%1: %2"_s.arg(it.key(), valueText(it.value()));
    }
    return lines.join(u'\n');
}

QString SubmissionDetail::lifecycleText(const SubmissionRecord &record) const
{
    QStringList lines;
    lines << tr("Created: %1").arg(timeText(record.createdAt));
    if (record.answeredAt.isValid()) {
        QString answered = tr("Answered: %1").arg(timeText(record.answeredAt));
        if (record.durationMs >= 0)
            answered += tr(" (%1 ms)").arg(record.durationMs);
        lines << answered;
    } else {
        lines << tr("Answered: not yet");
    }

    const Vendor *vendor = vendorById(record.vendorId);
    const bool callbackVendor = vendor && vendor->supportsCallback();
    if (record.finalisedAt.isValid()) {
        lines << tr("Finalised: %1 (by the vendor's callback)").arg(timeText(record.finalisedAt));
        if (record.callbackUnparsable)
            lines << tr("The callback's body could not be read; it is kept below as received.");
    } else if (record.final) {
        lines << tr("Final with the vendor's answer.");
    } else if (callbackVendor && record.callbackToken.isEmpty() && record.state != OutcomeState::Sending) {
        lines << tr("The final result will not be reported (no callback address was configured when it was sent).");
    } else if (!record.callbackToken.isEmpty()) {
        const bool stale = record.answeredAt.isValid() && record.state == OutcomeState::Accepted &&
                           record.answeredAt.addSecs(qint64(m_staleHours) * 3600) < m_clock();
        lines << (stale ? tr("Awaiting the final result for more than %1 hours: ask the vendor.").arg(m_staleHours)
                        : tr("Awaiting the final result from the vendor."));
    }
    return lines.join(u'\n');
}

void SubmissionDetail::setRecord(const std::optional<SubmissionRecord> &record)
{
    m_record = record;
    const bool has = record.has_value();
    m_ui->loadButton->setEnabled(has);
    m_ui->copyButton->setEnabled(has);
    m_ui->lifecycleGroup->setVisible(has);
    m_ui->tabs->setEnabled(has);
    if (!has) {
        m_ui->summaryLabel->setText(tr("Select a submission to see its details."));
        for (QPlainTextEdit *edit : {m_ui->leadText, m_ui->requestText, m_ui->answerText, m_ui->messagesText})
            edit->clear();
        m_ui->lifecycleLabel->clear();
        return;
    }

    const Vendor *vendor = vendorById(record->vendorId);
    const QString vendorName = vendor ? vendor->displayName() : record->vendorId;
    m_ui->summaryLabel->setText(tr("<b>%1</b> to %2 (%3) by %4")
                                    .arg(record->customerName.toHtmlEscaped(), vendorName.toHtmlEscaped(),
                                         record->accountMode.toHtmlEscaped(), record->agent.toHtmlEscaped()));
    m_ui->lifecycleLabel->setText(lifecycleText(*record));
    m_ui->leadText->setPlainText(leadText(record->leadJson));
    m_ui->requestText->setPlainText(QString::fromUtf8(record->redactedRequest));

    QString answer = record->httpStatus > 0 ? tr("HTTP %1").arg(record->httpStatus) : tr("No HTTP answer");
    answer += u"\n\n"_s + QString::fromUtf8(record->rawAnswer);
    if (!record->callbackBody.isEmpty())
        answer += u"\n\n"_s + tr("Callback:") + u"\n"_s + QString::fromUtf8(record->callbackBody);
    m_ui->answerText->setPlainText(answer);

    QStringList messages;
    for (const QString &message : record->messages)
        messages << message;
    for (const FieldIssue &issue : record->fieldIssues) {
        const QString kind = issue.severity == Severity::Error ? tr("error") : tr("warning");
        messages << tr("%1 (%2): %3").arg(issue.field.isEmpty() ? tr("lead") : issue.field, kind, issue.message);
    }
    if (!record->vendorLeadId.isEmpty())
        messages << tr("Vendor lead id: %1").arg(record->vendorLeadId);
    if (!record->vendorTransactionId.isEmpty())
        messages << tr("Vendor transaction id: %1").arg(record->vendorTransactionId);
    m_ui->messagesText->setPlainText(messages.isEmpty() ? tr("No messages.") : messages.join(u'\n'));
}

void SubmissionDetail::loadIntoForm()
{
    if (!m_record)
        return;
    const LeadReadResult read = leadFromJson(m_record->leadJson);
    if (!read.lead) {
        m_ui->summaryLabel->setText(tr("This lead cannot be loaded: %1").arg(read.error.toHtmlEscaped()));
        return;
    }
    Q_EMIT loadLeadRequested(*read.lead);
}

void SubmissionDetail::copyJson()
{
    if (!m_record)
        return;
    const QJsonDocument document = QJsonDocument::fromJson(m_record->leadJson);
    const QByteArray json = document.isNull() ? m_record->leadJson : document.toJson(QJsonDocument::Indented);
    QGuiApplication::clipboard()->setText(QString::fromUtf8(json));
    Q_EMIT copiedToClipboard();
}

} // namespace LeadRelay
