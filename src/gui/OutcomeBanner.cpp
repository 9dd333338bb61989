// SPDX-License-Identifier: GPL-3.0-or-later
#include "OutcomeBanner.h"

#include "ui_OutcomeBanner.h"

#include <QAccessible>
#include <QApplication>
#include <QIcon>
#include <QKeyEvent>
#include <QKeySequence>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{
struct Look
{
    QString icon;
    QString colours; // background, border, text
};

Look lookFor(OutcomeState state)
{
    switch (state) {
    case OutcomeState::Sold:
        return {u"ok"_s, u"#e8f5e9,#2e7d32,#1b5e20"_s};
    case OutcomeState::Accepted:
        return {u"accepted"_s, u"#e3f2fd,#1565c0,#0d47a1"_s};
    case OutcomeState::AcceptedNotSold:
        return {u"notsold"_s, u"#eceff1,#546e7a,#263238"_s};
    case OutcomeState::Rejected:
    case OutcomeState::Invalid:
        return {u"error"_s, u"#ffebee,#c62828,#b71c1c"_s};
    case OutcomeState::AccountError:
        return {u"account"_s, u"#f3e5f5,#6a1b9a,#4a148c"_s};
    case OutcomeState::NotDelivered:
        return {u"notdelivered"_s, u"#fff8e1,#ef6c00,#6d3a00"_s};
    case OutcomeState::DeliveryUnknown:
        return {u"unknown"_s, u"#fbe9e7,#d84315,#8c2b0b"_s};
    case OutcomeState::Sending:
        break;
    }
    return {u"sending"_s, u"#e3f2fd,#1565c0,#0d47a1"_s};
}
} // namespace

OutcomeBanner::OutcomeBanner(QWidget *parent)
    : QFrame(parent)
    , m_ui(std::make_unique<Ui::OutcomeBanner>())
{
    m_ui->setupUi(this);
    connect(m_ui->outcome_new_lead, &QPushButton::clicked, this, &OutcomeBanner::newLeadRequested);
    connect(m_ui->outcome_dismiss, &QToolButton::clicked, this, &OutcomeBanner::clearBanner);
    m_ui->outcome_new_lead->installEventFilter(this);
    // Shortcuts as the platform writes them, in the user's language ("Ctrl+N" here, "⌘N" on a Mac).
    m_ui->outcome_new_lead->setToolTip(tr("Clear the form for the next customer (%1)")
                                           .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    clearBanner();
}

OutcomeBanner::~OutcomeBanner() = default;

QString OutcomeBanner::titleFor(OutcomeState state, bool final, const QString &vendorName, bool training)
{
    // A trainee must never read "billable" about a lead only the simulator saw.
    if (training) {
        switch (state) {
        case OutcomeState::Sold:
            return tr("SOLD (training: nothing billed). The %1 simulator accepted the lead and a buyer bought it.")
                .arg(vendorName);
        case OutcomeState::Accepted:
            if (final)
                return tr("ACCEPTED (final; training: nothing billed). The %1 simulator confirmed the lead.")
                    .arg(vendorName);
            break;
        case OutcomeState::AcceptedNotSold:
            return tr("ACCEPTED, NOT SOLD (training): the %1 simulator took the lead but no buyer bought it.")
                .arg(vendorName);
        default:
            break;
        }
    }
    switch (state) {
    case OutcomeState::Sold:
        return tr("SOLD: billable. %1 accepted the lead and a buyer bought it.").arg(vendorName);
    case OutcomeState::Accepted:
        return final
                   ? tr("ACCEPTED (final, billable): %1 confirmed the lead.").arg(vendorName)
                   : tr("ACCEPTED, PRELIMINARY: %1 may still reverse it; the final result is pending.").arg(vendorName);
    case OutcomeState::AcceptedNotSold:
        return tr("ACCEPTED, NOT SOLD: %1 took the lead but no buyer bought it. Not billable.").arg(vendorName);
    case OutcomeState::Rejected:
        return tr("REJECTED: %1 refused the lead.").arg(vendorName);
    case OutcomeState::Invalid:
        return tr("INVALID: %1 says the lead failed its validation.").arg(vendorName);
    case OutcomeState::AccountError:
        return tr("ACCOUNT PROBLEM: %1 did not accept LeadRelay's credentials.").arg(vendorName);
    case OutcomeState::NotDelivered:
        return tr("NOT DELIVERED: the lead never reached %1. It is safe to send it again.").arg(vendorName);
    case OutcomeState::DeliveryUnknown:
        return tr("DELIVERY UNKNOWN: the lead may have reached %1. Check with %1 before sending it again.")
            .arg(vendorName);
    case OutcomeState::Sending:
        break;
    }
    return tr("Sending to %1…").arg(vendorName);
}

QString OutcomeBanner::plainWordFor(OutcomeState state)
{
    switch (state) {
    case OutcomeState::Sold:
        return tr("sold");
    case OutcomeState::Accepted:
        return tr("accepted");
    case OutcomeState::AcceptedNotSold:
        return tr("accepted, not sold");
    case OutcomeState::Rejected:
        return tr("rejected");
    case OutcomeState::Invalid:
        return tr("invalid");
    case OutcomeState::AccountError:
        return tr("account problem");
    case OutcomeState::NotDelivered:
        return tr("not delivered");
    case OutcomeState::DeliveryUnknown:
        return tr("delivery unknown");
    case OutcomeState::Sending:
        break;
    }
    return tr("no answer yet");
}

QString OutcomeBanner::explanationFor(OutcomeState state, bool final, bool finalReported, const QString &vendorName)
{
    switch (state) {
    case OutcomeState::Accepted:
        if (final)
            return {};
        return finalReported ? tr("The final result will appear in the history when %1 reports it.").arg(vendorName)
                             : tr("%1 will not report the final result to LeadRelay (no callback receiver is set up).")
                                   .arg(vendorName);
    case OutcomeState::Rejected:
    case OutcomeState::Invalid:
        return tr("Correct the fields marked below if the messages allow it, then send again.");
    case OutcomeState::AccountError:
        return tr("This is not the lead's fault: check the account in Settings, then send again.");
    case OutcomeState::DeliveryUnknown:
        return tr("Sending again could create a duplicate or bill twice.");
    default:
        return {};
    }
}

void OutcomeBanner::showSending(const QString &vendorName)
{
    present(u"sending"_s, u"sending"_s, lookFor(OutcomeState::Sending).colours, tr("Sending to %1…").arg(vendorName),
            tr("The form is locked until %1 answers.").arg(vendorName), false, true);
}

void OutcomeBanner::showOutcome(const Outcome &outcome, const QString &vendorName, bool finalReported, bool training)
{
    // A final acceptance is as good as a sale: it must not wear the "pending" look.
    const bool confirmed = outcome.state == OutcomeState::Accepted && outcome.final;
    const Look look = lookFor(confirmed ? OutcomeState::Sold : outcome.state);
    QStringList lines;
    const QString explanation = explanationFor(outcome.state, outcome.final, finalReported, vendorName);
    if (!explanation.isEmpty())
        lines << explanation;
    // The messages mix the vendor's words with LeadRelay's reading of the answer; neither is attributed.
    for (const QString &message : outcome.messages)
        lines << u"• "_s + message;
    // Field messages also show on their fields; lead-wide ones only here.
    for (const FieldIssue &issue : outcome.fieldIssues)
        if (issue.field.isEmpty())
            lines << u"• "_s + issue.message;
    if (!outcome.vendorLeadId.isEmpty())
        lines << tr("%1 lead id: %2").arg(vendorName, outcome.vendorLeadId);
    if (outcome.unparsable)
        lines << tr("The answer could not be read; it is kept in the history as received.");
    const bool sent = outcome.state == OutcomeState::Sold || outcome.state == OutcomeState::Accepted ||
                      outcome.state == OutcomeState::AcceptedNotSold;
    present(outcomeStateKey(outcome.state), look.icon, look.colours,
            titleFor(outcome.state, outcome.final, vendorName, training), lines.join(u'\n'), sent, false);
}

void OutcomeBanner::showProblem(const QString &stateKey, const QString &title, const QString &detail)
{
    present(stateKey, u"error"_s, u"#ffebee,#c62828,#b71c1c"_s, title, detail, false, false);
}

void OutcomeBanner::clearBanner()
{
    m_state.clear();
    m_ui->outcome_title->clear();
    m_ui->outcome_detail->clear();
    setAccessibleName(QString());
    setAccessibleDescription(QString());
    hide();
}

void OutcomeBanner::present(const QString &stateKey, const QString &icon, const QString &colours, const QString &title,
                            const QString &detail, bool offerNewLead, bool busy)
{
    m_state = stateKey;
    const QStringList c = colours.split(u',');
    setStyleSheet(u"LeadRelay--OutcomeBanner { background: %1; border: 2px solid %2; border-radius: 6px; }"
                  u" QLabel { color: %3; }"_s.arg(c.at(0), c.at(1), c.at(2)));
    m_ui->outcome_icon->setPixmap(QIcon(u":/icons/%1.svg"_s.arg(icon)).pixmap(QSize(32, 32)));
    m_ui->outcome_title->setText(title);
    m_ui->outcome_detail->setText(detail);
    m_ui->outcome_detail->setVisible(!detail.isEmpty());
    m_ui->outcome_new_lead->setVisible(offerNewLead);
    m_ui->outcome_busy->setVisible(busy);
    m_ui->outcome_dismiss->setVisible(!busy);
    setAccessibleName(title);
    setAccessibleDescription(detail);
    show();
    // Announced where the focus is: the agent with a screen reader is not on the banner when the answer comes.
    QAccessibleEvent event(this, QAccessible::Alert);
    QAccessible::updateAccessibility(&event);
}

QString OutcomeBanner::title() const
{
    return m_ui->outcome_title->text();
}

QString OutcomeBanner::detail() const
{
    return m_ui->outcome_detail->text();
}

void OutcomeBanner::focusNewLead()
{
    if (m_ui->outcome_new_lead->isVisibleTo(this))
        m_ui->outcome_new_lead->setFocus(Qt::OtherFocusReason);
}

// The agent who has just sent a lead starts typing the next customer's name without a look at the screen. On a
// plain button those letters would vanish; here the first one starts the new lead and goes on to its first field,
// and Enter starts it too (a button outside a dialog ignores Enter).
bool OutcomeBanner::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_ui->outcome_new_lead || event->type() != QEvent::KeyPress)
        return QFrame::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    const Qt::KeyboardModifiers modifiers = key->modifiers() & ~(Qt::ShiftModifier | Qt::KeypadModifier);
    const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
    const bool printable = !key->text().isEmpty() && key->text().at(0).isPrint() && !key->text().at(0).isSpace();
    if (modifiers != Qt::NoModifier || (!enter && !printable))
        return QFrame::eventFilter(watched, event);
    Q_EMIT newLeadRequested();
    if (printable) {
        QWidget *target = QApplication::focusWidget();
        if (target && target != m_ui->outcome_new_lead) {
            QKeyEvent copy(key->type(), key->key(), key->modifiers(), key->text(), key->isAutoRepeat(),
                           ushort(key->count()));
            QCoreApplication::sendEvent(target, &copy);
        }
    }
    return true;
}

bool OutcomeBanner::isBusy() const
{
    return isVisible() && m_ui->outcome_busy->isVisible();
}

} // namespace LeadRelay
