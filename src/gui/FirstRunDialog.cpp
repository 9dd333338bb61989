// SPDX-License-Identifier: GPL-3.0-or-later
#include "FirstRunDialog.h"

#include "ui_FirstRunDialog.h"

#include "AppSettings.h"
#include "core/LeadValidator.h"
#include "vendors/Vendor.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

FirstRunDialog::FirstRunDialog(AppSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::FirstRunDialog>())
    , m_settings(settings)
{
    m_ui->setupUi(this);
    m_start = m_ui->buttonBox->addButton(tr("Start"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(u"firstRunStart"_s);
    m_start->setDefault(true);
    m_skip = m_ui->buttonBox->addButton(tr("Skip: try it in training"), QDialogButtonBox::RejectRole);
    m_skip->setObjectName(u"firstRunSkip"_s);
    m_skip->setToolTip(tr("Every account stays in training: leads go to the built-in simulator, nothing is sold."));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &FirstRunDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &FirstRunDialog::reject);

    m_ui->agentEdit->setText(settings->agentName());
    m_ui->agentEdit->setAccessibleName(tr("Your name"));
    m_ui->mailingSameCheck->setChecked(true);
    m_ui->problem->setAccessibleName(tr("Problem"));
    for (const QString &vendorId : AppSettings::vendorIds())
        addVendor(vendorId);
    // Tab follows what the agent sees: name, each buyer's defaults, the mailing choice, then Start.
    QWidget *previous = m_ui->agentEdit;
    for (const VendorFields &fields : std::as_const(m_vendors))
        for (QWidget *edit : {fields.campaign, fields.sourceUrl, fields.sub1}) {
            setTabOrder(previous, edit);
            previous = edit;
        }
    setTabOrder(previous, m_ui->mailingSameCheck);
    setTabOrder(m_ui->mailingSameCheck, m_start);
    setTabOrder(m_start, m_skip);
    connect(m_ui->agentEdit, &QLineEdit::textChanged, this, &FirstRunDialog::validate);
    validate();
    m_ui->agentEdit->setFocus(Qt::OtherFocusReason);
}

FirstRunDialog::~FirstRunDialog() = default;

bool FirstRunDialog::isNeeded(const AppSettings &settings)
{
    return !settings.firstRunDone() && settings.agentName().isEmpty();
}

FirstRunDialog *FirstRunDialog::offer(AppSettings *settings, QWidget *window)
{
    if (!isNeeded(*settings))
        return nullptr;
    auto *dialog = new FirstRunDialog(settings, window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Not every window manager activates the parent again when a dialog closes; without it the first keys of the
    // first lead would go nowhere.
    connect(dialog, &QDialog::finished, window, [window] { window->activateWindow(); });
    dialog->open();
    return dialog;
}

QPushButton *FirstRunDialog::startButton() const
{
    return m_start;
}

QPushButton *FirstRunDialog::skipButton() const
{
    return m_skip;
}

void FirstRunDialog::addVendor(const QString &vendorId)
{
    const Vendor *vendor = vendorById(vendorId);
    if (!vendor)
        return;
    auto *group = new QGroupBox(tr("%1: every new lead starts with").arg(vendor->displayName()), this);
    group->setObjectName(vendorId + u"_defaults"_s);
    auto *form = new QFormLayout(group);
    VendorFields fields;
    fields.vendorId = vendorId;
    auto addRow = [&](const QString &name, const QString &caption, const QString &value, const QString &placeholder) {
        auto *edit = new QLineEdit(value, group);
        edit->setObjectName(vendorId + u'_' + name);
        edit->setPlaceholderText(placeholder);
        // Two groups have the same captions: the name says whose default it is.
        edit->setAccessibleName(tr("%1 default %2").arg(vendor->displayName(), caption));
        auto *label = new QLabel(caption, group);
        label->setObjectName(vendorId + u'_' + name + u"_label"_s);
        label->setBuddy(edit);
        form->addRow(label, edit);
        connect(edit, &QLineEdit::textChanged, this, &FirstRunDialog::validate);
        return edit;
    };
    fields.campaign = addRow(u"campaign"_s, tr("Campaign"), m_settings->campaignDefault(vendorId), QString());
    fields.sourceUrl = addRow(u"source_url"_s, tr("Source URL"), m_settings->sourceUrlDefault(vendorId),
                              u"https://www.example.com/form/"_s);
    fields.sub1 = addRow(u"sub1"_s, tr("Sub 1"), m_settings->sub1Default(vendorId), QString());
    m_ui->vendorsLayout->addWidget(group);
    m_vendors << fields;
}

QString FirstRunDialog::problem() const
{
    if (m_ui->agentEdit->text().trimmed().isEmpty())
        return tr("Enter your name, or skip to try LeadRelay in training.");
    for (const VendorFields &fields : m_vendors) {
        const QString source = fields.sourceUrl->text().trimmed();
        if (source.isEmpty())
            continue;
        for (const FieldIssue &issue : Rules::sourceUrl(source))
            if (issue.severity == Severity::Error) {
                const Vendor *vendor = vendorById(fields.vendorId);
                return tr("%1 source URL: %2").arg(vendor ? vendor->displayName() : fields.vendorId, issue.message);
            }
    }
    return {};
}

void FirstRunDialog::validate()
{
    const QString text = problem();
    m_start->setEnabled(text.isEmpty());
    m_start->setToolTip(text);
    // The name is simply not typed yet at the start: say it only once something else is wrong or Start is tried.
    const bool onlyNameMissing = m_ui->agentEdit->text().trimmed().isEmpty();
    m_ui->problem->setText(onlyNameMissing ? QString() : text);
    m_ui->problem->setVisible(!m_ui->problem->text().isEmpty());
}

void FirstRunDialog::accept()
{
    if (!problem().isEmpty())
        return;
    m_settings->setAgentName(m_ui->agentEdit->text());
    for (const VendorFields &fields : std::as_const(m_vendors)) {
        m_settings->setCampaignDefault(fields.vendorId, fields.campaign->text());
        m_settings->setSourceUrlDefault(fields.vendorId, fields.sourceUrl->text());
        m_settings->setSub1Default(fields.vendorId, fields.sub1->text());
        m_settings->setMailingSameDefault(fields.vendorId, m_ui->mailingSameCheck->isChecked());
    }
    m_settings->setFirstRunDone(true);
    m_settings->sync();
    QDialog::accept();
}

void FirstRunDialog::reject()
{
    // Trying it out: whatever is sent goes to the simulator. The agent is the login name until one is set.
    for (const QString &vendorId : AppSettings::vendorIds())
        m_settings->setMode(vendorId, AccountMode::Training);
    m_settings->setFirstRunDone(true);
    m_settings->sync();
    QDialog::reject();
}

} // namespace LeadRelay
