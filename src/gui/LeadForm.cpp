// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadForm.h"

#include "AddressSection.h"
#include "CertificateSection.h"
#include "ConsentSection.h"
#include "CustomerSection.h"
#include "DealSection.h"
#include "FieldFeedback.h"
#include "TrackingSection.h"
#include "ui_LeadForm.h"
#include "vendors/Vendor.h"

#include <QAbstractButton>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{
// Colour is a second cue only: the message text always starts with "✖" or "⚠ Warning:".
const auto StyleSheet = uR"(
QLineEdit[issue="error"] { border: 2px solid #c62828; border-radius: 3px; padding: 1px 2px; background: #fff6f6; }
QLineEdit[issue="warning"] { border: 2px solid #e0a000; border-radius: 3px; padding: 1px 2px; background: #fffbf0; }
QLabel[issue="error"] { color: #b71c1c; }
QLabel[issue="warning"] { color: #7a4f00; }
QLineEdit:read-only { background: palette(window); }
)"_s;

// The rules above used to be the whole form's style sheet. That sends every one of the form's widgets through Qt's
// style sheet engine, to be polished, laid out and painted: measured, about a third of the cold start to the first
// painted window (issue 13), for rules that only match a field showing an issue or a locked copy. So each line edit
// and label gets them the first time it is in one of those states (FieldFeedback sets the "issue" property; an
// address locked to the service address turns read-only), and keeps them: it then looks as it did before.
class LazyIssueStyle : public QObject
{
public:
    explicit LazyIssueStyle(QWidget *form)
        : QObject(form)
    {
        const QList<QWidget *> widgets = form->findChildren<QWidget *>();
        for (QWidget *widget : widgets)
            if (qobject_cast<QLineEdit *>(widget) || qobject_cast<QLabel *>(widget)) {
                widget->installEventFilter(this);
                apply(widget);
            }
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        // Both arrive before FieldFeedback re-polishes the widget, so that re-polish already sees the rules.
        if (event->type() == QEvent::DynamicPropertyChange || event->type() == QEvent::ReadOnlyChange)
            apply(static_cast<QWidget *>(watched));
        return QObject::eventFilter(watched, event);
    }

private:
    void apply(QWidget *widget)
    {
        const auto *edit = qobject_cast<QLineEdit *>(widget);
        if (widget->property(FieldFeedback::IssueProperty).toString().isEmpty() && !(edit && edit->isReadOnly()))
            return;
        widget->removeEventFilter(this);
        widget->setStyleSheet(StyleSheet);
    }
};
} // namespace

LeadForm::LeadForm(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::LeadForm>())
{
    m_ui->setupUi(this);

    auto *customer = new CustomerSection(this);
    m_service = new AddressSection(AddressSection::Kind::Service, this);
    m_mailing = new AddressSection(AddressSection::Kind::Mailing, this);
    auto *deal = new DealSection(this);
    m_consent = new ConsentSection(this);
    auto *certificate = new CertificateSection(this);
    auto *tracking = new TrackingSection(this);
    // Before the form's own connections, so validation sees the copied mailing address.
    m_mailing->followService(m_service);

    m_ui->leftColumn->addWidget(customer);
    m_ui->leftColumn->addWidget(m_service);
    m_ui->leftColumn->addWidget(m_mailing);
    m_ui->leftColumn->addStretch(1);
    m_ui->rightColumn->addWidget(deal);
    m_ui->rightColumn->addWidget(m_consent);
    m_ui->rightColumn->addWidget(certificate);
    m_ui->rightColumn->addWidget(tracking);
    m_ui->rightColumn->addStretch(1);
    m_sections = {customer, m_service, m_mailing, deal, m_consent, certificate, tracking};
    new LazyIssueStyle(this); // before the first validation, which may already show issues

    for (FormSection *section : std::as_const(m_sections)) {
        connect(section, &FormSection::edited, this, &LeadForm::onEdited);
        connect(section, &FormSection::left, this, &LeadForm::onLeft);
    }
    connect(m_consent, &ConsentSection::questionsChanged, this, &LeadForm::setupTabOrder);
    setupTabOrder();
    m_baseline = lead();
    revalidate();
}

LeadForm::~LeadForm()
{
    // A field losing focus while the window is torn down must not revalidate a half-destroyed form.
    for (FormSection *section : std::as_const(m_sections))
        section->disconnect(this);
}

void LeadForm::setClock(Clock clock)
{
    m_clock = clock;
    m_consent->setClock(std::move(clock));
    revalidate();
}

void LeadForm::setAgent(const QString &agent)
{
    m_consent->setAgent(agent);
}

void LeadForm::setVendor(const Vendor *vendor)
{
    m_vendor = vendor;
    updateMarks();
    revalidate();
}

void LeadForm::applyAccount(const VendorAccount &account, bool mailingSameAsService)
{
    const bool pristine = !hasUnsentInput();
    m_consent->setScript(account.consentScript);
    if (pristine)
        m_mailing->setSameAsService(mailingSameAsService);
    // Defaults only fill what is empty: never overwrite what the agent typed.
    const QList<QPair<QString, QString>> defaults{
        {Key::Campaign, account.campaign}, {Key::SourceUrl, account.sourceUrl}, {Key::Sub1, account.sub1}};
    for (const auto &[key, value] : defaults)
        if (auto *edit = findChild<QLineEdit *>(key); edit && edit->text().isEmpty() && !value.isEmpty())
            edit->setText(value);
    if (pristine)
        m_baseline = lead();
    revalidate();
}

Lead LeadForm::lead() const
{
    Lead lead;
    for (FormSection *section : m_sections)
        section->writeTo(lead);
    return lead;
}

void LeadForm::setLead(const Lead &lead)
{
    for (FormSection *section : std::as_const(m_sections))
        section->readFrom(lead);
    m_touched.clear();
    m_vendorIssues.clear();
    for (const QString &key : Lead::textKeys())
        if (!lead.text(key).isEmpty())
            m_touched.insert(key);
    if (!lead.consent.isEmpty())
        m_touched.insert(Key::Consent);
    revalidate();
    Q_EMIT edited();
}

void LeadForm::clear()
{
    for (FormSection *section : std::as_const(m_sections))
        section->clear();
    m_touched.clear();
    m_revealAll = false;
    m_vendorIssues.clear();
    m_baseline = lead();
    revalidate();
}

bool LeadForm::hasUnsentInput() const
{
    Lead now = lead();
    // Who recorded consent is not input by itself; the answers are.
    now.agent = m_baseline.agent;
    return now != m_baseline;
}

void LeadForm::markSent()
{
    m_baseline = lead();
}

void LeadForm::onEdited(const QString &key)
{
    // An answer to one consent question does not make the others due: the group counts as touched when left.
    if (key != Key::Consent)
        m_touched.insert(key);
    FieldIssues remaining;
    for (const FieldIssue &issue : std::as_const(m_vendorIssues))
        if (issue.field != key)
            remaining << issue;
    m_vendorIssues = remaining;
    revalidate();
    Q_EMIT edited();
}

void LeadForm::onLeft(const QString &key)
{
    if (m_touched.contains(key))
        return;
    m_touched.insert(key);
    revalidate();
}

void LeadForm::revealAll()
{
    m_revealAll = true;
    revalidate();
}

void LeadForm::setVendorIssues(const FieldIssues &issues)
{
    m_vendorIssues = issues;
    m_revealAll = true;
    revalidate();
}

void LeadForm::updateMarks()
{
    const VendorRequirements requirements = m_vendor ? m_vendor->requirements() : VendorRequirements{};
    const QString vendorName = m_vendor ? m_vendor->displayName() : QString();
    // Rules a vendor checks in validate() but cannot express as plain requirements (nTherm: a certificate URL
    // or consent answers) show up as errors on an empty lead; those fields get the "one of" mark with the
    // vendor's own explanation.
    const FieldIssues emptyLeadIssues =
        m_vendor ? m_vendor->validate(Lead{}, m_clock().toLocalTime().date()) : FieldIssues{};
    for (FormSection *section : std::as_const(m_sections)) {
        for (FieldFeedback *f : section->feedbacks()) {
            const QString &key = f->key();
            if (requirements.isRequired(key) || (key == Key::Consent && requirements.consentRequired)) {
                f->setRequired(FieldFeedback::RequiredMark::Required, tr("required by %1").arg(vendorName));
                continue;
            }
            QStringList group;
            for (const QStringList &oneOf : requirements.atLeastOneOf)
                if (oneOf.contains(key))
                    group = oneOf;
            if (!group.isEmpty()) {
                QStringList captions;
                for (const QString &other : std::as_const(group))
                    captions << captionOf(other);
                f->setRequired(FieldFeedback::RequiredMark::OneOf,
                               tr("required by %1: at least one of %2").arg(vendorName, captions.join(tr(", "))));
                continue;
            }
            const FieldIssues implied = issuesFor(emptyLeadIssues, key);
            if (hasErrors(implied))
                f->setRequired(FieldFeedback::RequiredMark::OneOf, implied.constFirst().message);
            else
                f->setRequired(FieldFeedback::RequiredMark::None);
        }
    }
    m_ui->legend->setText(m_vendor ? tr("* required by %1    (*) at least one of the marked fields").arg(vendorName)
                                   : QString());
    alignCaptions();
}

// Captions of all sections in a column share one width, so the inputs line up down the column.
void LeadForm::alignCaptions()
{
    for (QLayout *column : {static_cast<QLayout *>(m_ui->leftColumn), static_cast<QLayout *>(m_ui->rightColumn)}) {
        QList<QLabel *> captions;
        for (int i = 0; i < column->count(); ++i)
            if (QWidget *section = column->itemAt(i)->widget())
                for (QLabel *label : section->findChildren<QLabel *>())
                    if (label->objectName().endsWith(u"_label"_s))
                        captions << label;
        int width = 0;
        for (QLabel *label : std::as_const(captions)) {
            label->setMinimumWidth(0);
            // Room for the widest mark, so switching vendors does not shift the inputs.
            const FieldFeedback *f = feedback(label->objectName().chopped(6));
            const QString caption = f ? f->caption() : label->text();
            width = std::max(width, label->fontMetrics().horizontalAdvance(caption + u" (*)"_s) + 4);
        }
        for (QLabel *label : std::as_const(captions))
            label->setMinimumWidth(width);
    }
}

void LeadForm::revalidate()
{
    const Lead current = lead();
    const QDate today = m_clock().toLocalTime().date();
    m_issues = m_vendor ? m_vendor->validate(current, today) : LeadValidator::validate(current, {}, today);

    for (FormSection *section : std::as_const(m_sections)) {
        for (FieldFeedback *f : section->feedbacks()) {
            FieldIssues shown;
            if (revealed(f->key()))
                shown = issuesFor(m_issues, f->key());
            for (const FieldIssue &issue : issuesFor(m_vendorIssues, f->key()))
                if (!shown.contains(issue))
                    shown << issue;
            f->setIssues(shown);
        }
    }
    const bool valid = isValid();
    Q_EMIT problemsChanged();
    if (valid != m_valid) {
        m_valid = valid;
        Q_EMIT validityChanged(valid);
    }
}

int LeadForm::blockingCount() const
{
    return int(std::count_if(m_issues.cbegin(), m_issues.cend(),
                             [](const FieldIssue &issue) { return issue.severity == Severity::Error; }));
}

QList<SummaryEntry> LeadForm::summaryEntries() const
{
    QList<SummaryEntry> entries;
    QStringList hidden;
    QStringList order;
    for (FormSection *section : m_sections)
        for (FieldFeedback *f : section->feedbacks())
            order << f->key();
    FieldIssues errors;
    for (const FieldIssue &issue : m_issues)
        if (issue.severity == Severity::Error)
            errors << issue;
    // Lead-wide problems (no field, or a field the form does not show) come first: nothing else points at them.
    for (const FieldIssue &issue : std::as_const(errors))
        if (!order.contains(issue.field))
            entries << SummaryEntry{QString(), issue.message, false};
    for (const QString &key : std::as_const(order)) {
        for (const FieldIssue &issue : issuesFor(errors, key)) {
            if (revealed(key))
                entries << SummaryEntry{key, tr("%1: %2").arg(captionOf(key), issue.message), false};
            else if (!hidden.contains(key))
                hidden << key;
        }
    }
    // Untouched fields are counted, not listed one by one, so a fresh form is not a wall of problems.
    if (!hidden.isEmpty())
        entries << SummaryEntry{
            hidden.first(),
            hidden.size() == 1
                ? tr("1 field still to fill: %1").arg(captionOf(hidden.first()))
                : tr("%1 fields still to fill, next: %2").arg(hidden.size()).arg(captionOf(hidden.first())),
            true};
    return entries;
}

FieldFeedback *LeadForm::feedback(const QString &key) const
{
    for (FormSection *section : m_sections)
        if (FieldFeedback *f = section->feedback(key))
            return f;
    return nullptr;
}

QString LeadForm::captionOf(const QString &key) const
{
    if (key == Key::Consent)
        return tr("Consent answers");
    // The mailing fields' own captions ("Street") repeat the service address's: in the summary, out of their
    // group, they would send the agent to the wrong street.
    if (key == Key::MailingStreet)
        return tr("Mailing street");
    if (key == Key::MailingCity)
        return tr("Mailing city");
    if (key == Key::MailingState)
        return tr("Mailing state");
    if (key == Key::MailingZip)
        return tr("Mailing ZIP");
    const FieldFeedback *f = feedback(key);
    return f && !f->caption().isEmpty() ? f->caption() : key;
}

bool LeadForm::focusField(const QString &key)
{
    FieldFeedback *f = feedback(key);
    if (!f || !f->input())
        return false;
    QWidget *target = f->input();
    // The consent answers: the first unanswered question.
    if (key == Key::Consent)
        if (QWidget *question = m_consent->firstUnanswered())
            target = question;
    target->setFocus(Qt::OtherFocusReason);
    // Scroll areas follow the focus widget only for keyboard focus changes; make sure it is visible.
    for (QWidget *parent = parentWidget(); parent; parent = parent->parentWidget()) {
        if (auto *scroll = qobject_cast<QScrollArea *>(parent)) {
            scroll->ensureWidgetVisible(target);
            break;
        }
    }
    target->window()->activateWindow();
    return true;
}

QList<QWidget *> LeadForm::tabChain() const
{
    QList<QWidget *> chain;
    for (FormSection *section : m_sections)
        chain << section->tabChain();
    return chain;
}

void LeadForm::setTabSuccessor(QWidget *widget)
{
    m_tabSuccessor = widget;
    setupTabOrder();
}

void LeadForm::setupTabOrder()
{
    QList<QWidget *> chain = tabChain();
    if (m_tabSuccessor)
        chain << m_tabSuccessor;
    for (qsizetype i = 0; i + 1 < chain.size(); ++i)
        QWidget::setTabOrder(chain.at(i), chain.at(i + 1));
}

} // namespace LeadRelay
