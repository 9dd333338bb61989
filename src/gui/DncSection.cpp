// SPDX-License-Identifier: GPL-3.0-or-later
#include "DncSection.h"

#include "Dialogs.h"
#include "store/DncList.h"
#include "store/HistoryStore.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

DncSection::DncSection(Services services, QWidget *parent)
    : QFrame(parent)
    , m_services(std::move(services))
    , m_window(m_services.rules, m_services.clock)
    , m_windowLabel(new QLabel(this))
    , m_ack(new QCheckBox(tr("I have read the calling-window warning; record this consent anyway"), this))
    , m_dncLabel(new QLabel(this))
    , m_askedNotToCall(new QPushButton(tr("Customer asked &not to be called"), this))
{
    setObjectName(u"compliance_section"_s);
    m_windowLabel->setObjectName(u"calling_window_status"_s);
    m_ack->setObjectName(u"calling_window_ack"_s);
    m_dncLabel->setObjectName(u"dnc_status"_s);
    m_askedNotToCall->setObjectName(u"dnc_add_button"_s);
    for (QLabel *label : {m_windowLabel, m_dncLabel}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_askedNotToCall->setToolTip(tr("Puts this phone on the company do-not-call list: leads to it are refused."));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_windowLabel);
    layout->addWidget(m_ack);
    auto *dncRow = new QHBoxLayout;
    dncRow->addWidget(m_dncLabel, 1);
    dncRow->addWidget(m_askedNotToCall);
    layout->addLayout(dncRow);
    m_ack->hide();
    m_dncLabel->hide();
    m_askedNotToCall->setEnabled(false);
    connect(m_ack, &QCheckBox::toggled, this,
            [this](bool on) { m_ackAt = on ? m_services.clock().toUTC() : QDateTime(); });
    connect(m_askedNotToCall, &QPushButton::clicked, this, &DncSection::recordDoNotCall);
    // A new form says what the check waits for, instead of an empty line, until the first refresh().
    showWindow();
}

void DncSection::refresh(const Lead &lead)
{
    m_consentRecorded = lead.consentRecordedAt.isValid();
    const QDateTime at = m_consentRecorded ? lead.consentRecordedAt : m_services.clock();
    m_check = m_window.checkAt(lead.state, lead.zip, at);
    m_addressEmpty = lead.state.trimmed().isEmpty() && lead.zip.trimmed().isEmpty();
    // An acknowledgment holds for the address and the consent it was given for, not for the next one.
    const QString key = lead.state.trimmed().toUpper() + u'|' + lead.zip.trimmed() + u'|' +
                        lead.consentRecordedAt.toString(Qt::ISODateWithMs);
    if (key != m_ackKey) {
        m_ackKey = key;
        m_ack->setChecked(false);
    }
    showWindow();
    const QString digits = DncList::digits(lead.phone);
    if (digits != m_dnc.phone || !m_dnc.checkedAtUtc.isValid()) {
        if (m_services.store && !digits.isEmpty()) {
            DncList list(m_services.store);
            m_dnc = DncCheck::of(list, m_services.registry.get(), digits, m_services.clock());
        } else {
            m_dnc = DncCheck();
            m_dnc.phone = digits;
            m_dnc.checkedAtUtc = m_services.clock().toUTC();
        }
        showDnc();
    }
}

void DncSection::clear()
{
    m_ack->setChecked(false);
    m_ackKey.clear();
}

CallingWindowCheck DncSection::callingWindow() const
{
    CallingWindowCheck check = m_check;
    if (!check.inside && m_ack->isChecked()) {
        check.acknowledged = true;
        check.acknowledgedBy = m_services.agent ? m_services.agent() : QString();
        check.acknowledgedAtUtc = m_ackAt;
    }
    return check;
}

bool DncSection::mayRecordConsent() const
{
    return !m_consentRecorded || m_check.inside || m_ack->isChecked();
}

void DncSection::focusAcknowledgment()
{
    m_ack->setFocus(Qt::OtherFocusReason);
}

void DncSection::showWindow()
{
    if (m_check.inside) {
        m_windowLabel->setText(
            tr("Calling window: %1 for the consumer (%2), inside %3.")
                .arg(m_check.consumerLocal.toString(u"ddd HH:mm"_s), m_check.timeZone, m_check.windowText()));
        m_windowLabel->setProperty("warning", false);
        m_ack->hide();
        return;
    }
    if (!m_check.zoneKnown && m_addressEmpty && !m_consentRecorded) {
        // A new, empty form is not a call outside the window: say what the check waits for. Once consent is
        // recorded, the warning and its acknowledgment show whatever the address holds.
        m_windowLabel->setText(tr("Calling window: checked once the service address has its state and ZIP."));
        m_windowLabel->setProperty("warning", false);
        m_ack->hide();
        return;
    }
    m_windowLabel->setText(tr("OUTSIDE THE CALLING WINDOW. %1 (%2; LeadRelay gives no legal advice.)")
                               .arg(m_check.message(), m_check.ruleSetId));
    m_windowLabel->setProperty("warning", true);
    m_ack->setVisible(m_consentRecorded);
}

void DncSection::showDnc()
{
    m_askedNotToCall->setEnabled(m_services.store && !m_dnc.phone.isEmpty() && !m_dnc.company);
    QStringList lines;
    if (m_dnc.company)
        lines.append(tr("On the company do-not-call list since %1 (%2): this lead will not be sent.")
                         .arg(QLocale().toString(m_dnc.company->addedAt.toLocalTime(), QLocale::ShortFormat),
                              m_dnc.company->reason.isEmpty() ? m_dnc.company->addedBy : m_dnc.company->reason));
    for (const RegistryHit &hit : std::as_const(m_dnc.registry))
        lines.append(tr("On the %1 do-not-call registry (download of %2).")
                         .arg(hit.list, QLocale().toString(hit.downloadDate, QLocale::ShortFormat)));
    if (!m_dnc.error.isEmpty())
        lines.append(m_dnc.error);
    m_dncLabel->setText(lines.join(u'\n'));
    m_dncLabel->setVisible(!lines.isEmpty());
}

QString DncSection::statusText(const DncRegistry &registry, QDate today, const QString &rulesError)
{
    QStringList parts;
    if (const QString stale = registry.staleNote(today); !stale.isEmpty())
        parts.append(stale);
    if (!rulesError.isEmpty())
        parts.append(rulesError);
    return parts.join(u"  "_s);
}

void DncSection::recordDoNotCall()
{
    if (!m_services.store || m_dnc.phone.isEmpty())
        return;
    if (!Dialogs::confirm(this, tr("Customer asked not to be called"),
                          tr("Put %1 on the company do-not-call list? No lead to this number will be sent until a "
                             "supervisor removes it.")
                              .arg(m_dnc.phone),
                          tr("Add to the list"), tr("Cancel")))
        return;
    DncList list(m_services.store);
    const QString agent = m_services.agent ? m_services.agent() : QString();
    if (!list.add(m_dnc.phone, agent, tr("Customer asked not to be called (on the call)"), u"form"_s)) {
        m_dncLabel->setText(list.lastError());
        m_dncLabel->show();
        return;
    }
    m_dnc.checkedAtUtc = QDateTime(); // read again
    m_dnc = DncCheck::of(list, m_services.registry.get(), m_dnc.phone, m_services.clock());
    showDnc();
    Q_EMIT doNotCallRecorded(m_dnc.phone);
}

} // namespace LeadRelay
