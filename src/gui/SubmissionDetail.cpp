// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubmissionDetail.h"

#include "ui_SubmissionDetail.h"

#include "EvidenceExport.h"

#include "HistoryTableModel.h"
#include "vendors/Vendor.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeySequence>
#include <QLocale>
#include <QTabBar>

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
    m_ui->leadText->setAccessibleName(tr("Lead"));
    m_ui->requestText->setAccessibleName(tr("Request (redacted)"));
    m_ui->answerText->setAccessibleName(tr("Answer"));
    m_ui->messagesText->setAccessibleName(tr("Messages"));
    m_ui->tabs->setAccessibleName(tr("Submission details"));

    // The common actions by keyboard, wherever the focus is in the history (the view adds these actions to
    // itself). Shown in the platform's own, translated words ("Ctrl+L", "Strg+L").
    const auto addShortcut = [this](QPushButton *button, const QKeySequence &keys, void (SubmissionDetail::*slot)()) {
        auto *action = new QAction(button->text(), this);
        action->setObjectName(button->objectName() + u"Action"_s);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        connect(button, &QPushButton::clicked, this, slot);
        addAction(action);
        m_actionButtons.append({action, button});
    };
    addShortcut(m_ui->copyButton, CopyKeys, &SubmissionDetail::copyJson);
    addShortcut(m_ui->loadButton, LoadKeys, &SubmissionDetail::loadIntoForm);
    addShortcut(m_ui->otherBuyerButton, OtherBuyerKeys, &SubmissionDetail::sendToOtherBuyer);
    const auto keysText = [](QKeyCombination keys) { return QKeySequence(keys).toString(QKeySequence::NativeText); };
    m_ui->copyButton->setToolTip(tr("Put the lead, as JSON, on the clipboard (%1)").arg(keysText(CopyKeys)));
    m_ui->loadButton->setToolTip(
        tr("Open this lead in the lead form, e.g. to correct and send it again (%1)").arg(keysText(LoadKeys)));
    connect(m_ui->exportEvidenceButton, &QPushButton::clicked, this, &SubmissionDetail::exportEvidence);
    setRecord(std::nullopt);
}

SubmissionDetail::~SubmissionDetail() = default;

void SubmissionDetail::setStore(HistoryStore *store)
{
    m_store = store;
    m_ui->exportEvidenceButton->setEnabled(m_store && m_record);
}

void SubmissionDetail::exportEvidence()
{
    if (!m_store || !m_record)
        return;
    const QString id = m_record->id;
    const QString path = EvidenceExporter::askPath(this, u"evidence-"_s + id.left(8) + u".pdf"_s);
    if (path.isEmpty())
        return;
    const QString problem = EvidenceExporter::write(*m_store, id, path);
    const QString message = problem.isEmpty() ? tr("Evidence written to %1.").arg(path)
                                              : tr("The evidence could not be written to %1: %2").arg(path, problem);
    // Beside what caused it, not in a dialog: the summary line says where the file went.
    m_ui->exportEvidenceButton->setToolTip(message);
    m_ui->summaryLabel->setText(m_ui->summaryLabel->text().section(u'\n', 0, 0) + u'\n' + message);
    Q_EMIT evidenceExported(message, problem.isEmpty());
}

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
    if (record.isReturned()) {
        // The buyer's day (as their file gives it) and when LeadRelay learnt of it.
        QString returned =
            tr("Returned by the buyer on %1").arg(QLocale().toString(record.returnedAt.date(), QLocale::ShortFormat));
        if (!record.returnReason.isEmpty())
            returned += tr(": %1").arg(record.returnReason);
        lines << returned;
        if (record.returnRecordedAt.isValid())
            lines << tr("Return recorded: %1. No longer billable.").arg(timeText(record.returnRecordedAt));
    }
    return lines.join(u'\n');
}

QList<QWidget *> SubmissionDetail::tabChain() const
{
    return {m_ui->copyButton, m_ui->loadButton,  m_ui->otherBuyerButton, m_ui->tabs->tabBar(),
            m_ui->leadText,   m_ui->requestText, m_ui->answerText,       m_ui->messagesText};
}

const Vendor *SubmissionDetail::otherVendor(const QString &vendorId)
{
    for (const Vendor *vendor : allVendors())
        if (vendor->id() != vendorId)
            return vendor;
    return nullptr;
}

bool SubmissionDetail::canGoToOtherBuyer(OutcomeState state)
{
    // Not sold, accepted (the first buyer may still buy it), delivery unknown (it may have reached the first
    // buyer), not delivered (send it again to the same one) or an account problem (fix the account first).
    return state == OutcomeState::Rejected || state == OutcomeState::Invalid || state == OutcomeState::AcceptedNotSold;
}

void SubmissionDetail::updateOtherBuyer()
{
    QPushButton *button = m_ui->otherBuyerButton;
    const Vendor *other = m_record ? otherVendor(m_record->vendorId) : nullptr;
    const QString keys = QKeySequence(OtherBuyerKeys).toString(QKeySequence::NativeText);
    button->setText(other ? tr("Send to %1…").arg(other->displayName()) : tr("Send to the other buyer…"));
    // Disabled says why, so the agent is not left guessing.
    if (!m_record) {
        button->setEnabled(false);
        button->setToolTip(tr("Select a submission first (%1)").arg(keys));
    } else if (!other) {
        button->setEnabled(false);
        button->setToolTip(tr("There is no other buyer to send this lead to."));
    } else if (!canGoToOtherBuyer(m_record->state)) {
        button->setEnabled(false);
        button->setToolTip(tr("Only a lead that was rejected, invalid or not sold can go to the other buyer; "
                              "this one is: %1.")
                               .arg(outcomeStateKey(m_record->state)));
    } else {
        button->setEnabled(true);
        button->setToolTip(tr("Open this lead in the form with %1 chosen and show what %1 needs (%2)")
                               .arg(other->displayName(), keys));
    }
    button->setAccessibleDescription(button->toolTip());
}

void SubmissionDetail::syncActions()
{
    // A disabled button's shortcut and menu entry are off too.
    for (const auto &[action, button] : std::as_const(m_actionButtons)) {
        action->setEnabled(button->isEnabled());
        action->setToolTip(button->toolTip());
    }
}

void SubmissionDetail::setRecord(const std::optional<SubmissionRecord> &record)
{
    m_record = record;
    const bool has = record.has_value();
    m_ui->loadButton->setEnabled(has);
    m_ui->copyButton->setEnabled(has);
    m_ui->exportEvidenceButton->setEnabled(has && m_store);
    updateOtherBuyer();
    m_ui->lifecycleGroup->setVisible(has);
    m_ui->tabs->setEnabled(has);
    syncActions();
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
    if (m_record)
        emitLoad(m_record->vendorId, false);
}

void SubmissionDetail::sendToOtherBuyer()
{
    const Vendor *other = m_record ? otherVendor(m_record->vendorId) : nullptr;
    if (!other || !canGoToOtherBuyer(m_record->state)) {
        QApplication::beep(); // a row that cannot go (the button and its shortcut are off; the tooltip says why)
        return;
    }
    emitLoad(other->id(), true);
}

void SubmissionDetail::emitLoad(const QString &vendorId, bool otherBuyer)
{
    const LeadReadResult read = leadFromJson(m_record->leadJson);
    if (!read.lead) {
        m_ui->summaryLabel->setText(tr("This lead cannot be loaded: %1").arg(read.error.toHtmlEscaped()));
        return;
    }
    HistoryLoad load;
    load.lead = *read.lead;
    load.vendorId = vendorId;
    load.sentToVendorId = m_record->vendorId;
    load.submittedAt = m_record->createdAt;
    load.otherBuyer = otherBuyer;
    load.training = m_record->accountMode == u"training"_s;
    Q_EMIT loadLeadRequested(load);
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
