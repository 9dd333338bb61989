// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConsentScriptsPage.h"

#include "store/HistoryStore.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

QStringList lines(const QPlainTextEdit *edit)
{
    QStringList result;
    for (const QString &line : edit->toPlainText().split(u'\n')) {
        if (!line.trimmed().isEmpty())
            result << line.trimmed();
    }
    return result;
}

template <typename T> T *named(T *widget, const QString &name)
{
    widget->setObjectName(name);
    return widget;
}

} // namespace

ConsentScriptsPage::ConsentScriptsPage(HistoryStore *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_picker(named(new QComboBox(this), u"script_picker"_s))
    , m_id(named(new QLineEdit(this), u"script_id"_s))
    , m_language(named(new QComboBox(this), u"script_language"_s))
    , m_title(named(new QLineEdit(this), u"script_title"_s))
    , m_disclosure(named(new QPlainTextEdit(this), u"script_disclosure"_s))
    , m_questions(named(new QPlainTextEdit(this), u"script_questions"_s))
    , m_sellers(named(new QPlainTextEdit(this), u"script_sellers"_s))
    , m_purpose(named(new QLineEdit(this), u"script_purpose"_s))
    , m_new(named(new QPushButton(tr("New script"), this), u"script_new"_s))
    , m_save(named(new QPushButton(tr("Save as new version"), this), u"script_save"_s))
    , m_status(named(new QLabel(this), u"script_status"_s))
{
    setObjectName(u"consent_scripts_page"_s);
    // The customer's language, not the app's: a Spanish script is read to a Spanish-speaking customer by an agent
    // whose LeadRelay may well be in English.
    m_language->setEditable(true);
    m_language->addItem(tr("English"), u"en"_s);
    m_language->addItem(tr("Spanish"), u"es"_s);
    for (QPlainTextEdit *edit : {m_questions, m_sellers})
        edit->setMaximumHeight(90);
    m_questions->setPlaceholderText(tr("One question per line"));
    m_sellers->setPlaceholderText(tr("One seller per line, as the disclosure names them"));
    m_status->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Script:"), m_picker);
    form->addRow(tr("Name (id):"), m_id);
    form->addRow(tr("Customer's language:"), m_language);
    form->addRow(tr("Title:"), m_title);
    form->addRow(tr("Disclosure (read first):"), m_disclosure);
    form->addRow(tr("Questions:"), m_questions);
    form->addRow(tr("Sellers named:"), m_sellers);
    form->addRow(tr("Purpose:"), m_purpose);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_new);
    buttons->addStretch(1);
    buttons->addWidget(m_save);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    connect(m_picker, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0 && index < m_scripts.size())
            show(m_scripts.at(index));
    });
    connect(m_new, &QPushButton::clicked, this, &ConsentScriptsPage::newScript);
    connect(m_save, &QPushButton::clicked, this, &ConsentScriptsPage::save);

    const bool mayWrite =
        m_store && m_store->role() != HistoryStore::Role::Agent && m_store->role() != HistoryStore::Role::Receiver;
    m_save->setEnabled(mayWrite);
    m_new->setEnabled(mayWrite);
    if (!mayWrite)
        setStatus(m_store ? tr("Only a supervisor can change the floor's consent scripts.")
                          : tr("The history is not open: its consent scripts cannot be shown."),
                  false);
    reload();
}

void ConsentScriptsPage::reload()
{
    if (!m_store)
        return;
    const QString current = m_id->text();
    m_scripts = m_store->consentScripts();
    const QSignalBlocker blocker(m_picker);
    m_picker->clear();
    int select = 0;
    for (qsizetype i = 0; i < m_scripts.size(); ++i) {
        const ConsentScript &script = m_scripts.at(i);
        m_picker->addItem(
            tr("%1 (version %2)").arg(script.title.isEmpty() ? script.id : script.title).arg(script.version));
        if (script.id == current)
            select = int(i);
    }
    if (!m_scripts.isEmpty()) {
        m_picker->setCurrentIndex(select);
        show(m_scripts.at(select));
    }
}

void ConsentScriptsPage::show(const ConsentScript &script)
{
    m_id->setText(script.id);
    m_id->setReadOnly(!script.id.isEmpty() && script.version > 0); // a saved script keeps its name
    const int language = m_language->findData(script.language);
    if (language >= 0)
        m_language->setCurrentIndex(language);
    else
        m_language->setEditText(script.language);
    m_title->setText(script.title);
    m_disclosure->setPlainText(script.disclosure);
    m_questions->setPlainText(script.questions.join(u'\n'));
    m_sellers->setPlainText(script.sellers.join(u'\n'));
    m_purpose->setText(script.purpose);
    if (script.version > 0 && m_save->isEnabled())
        setStatus(tr("Version %1, saved %2 by %3.")
                      .arg(script.version)
                      .arg(script.createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s), script.createdBy),
                  false);
}

void ConsentScriptsPage::newScript()
{
    ConsentScript blank;
    blank.language = u"en"_s;
    show(blank);
    m_id->setReadOnly(false);
    m_id->setFocus();
    setStatus(tr("Type a name for the new script (letters, digits and dashes), then save it."), false);
}

ConsentScript ConsentScriptsPage::edited() const
{
    ConsentScript script;
    script.id = m_id->text().trimmed();
    const int index = m_language->currentIndex();
    script.language = index >= 0 && m_language->itemText(index) == m_language->currentText()
                          ? m_language->itemData(index).toString()
                          : m_language->currentText().trimmed().toLower();
    script.title = m_title->text().trimmed();
    script.disclosure = m_disclosure->toPlainText().trimmed();
    script.questions = lines(m_questions);
    script.sellers = lines(m_sellers);
    script.purpose = m_purpose->text().trimmed();
    return script;
}

bool ConsentScriptsPage::save()
{
    if (!m_store)
        return false;
    ConsentScript script = edited();
    // The id ends up in every lead's consent_script ("energy-en-v2"): plain characters only.
    static const QRegularExpression idPattern(u"^[a-z0-9][a-z0-9-]{0,62}$"_s);
    if (!idPattern.match(script.id).hasMatch()) {
        setStatus(tr("The name may hold lower-case letters, digits and dashes only."), true);
        return false;
    }
    if (script.questions.isEmpty()) {
        setStatus(tr("A script needs at least one question."), true);
        return false;
    }
    if (script.sellers.isEmpty() || script.purpose.isEmpty()) {
        setStatus(tr("Name the sellers and the purpose: the consent covers only what the script says."), true);
        return false;
    }
    if (!m_store->saveConsentScript(&script)) {
        setStatus(m_store->lastError(), true);
        return false;
    }
    reload();
    setStatus(
        tr("Saved as version %1. Records made with earlier versions keep the text that was read.").arg(script.version),
        false);
    Q_EMIT saved(script);
    return true;
}

QString ConsentScriptsPage::status() const
{
    return m_status->text();
}

void ConsentScriptsPage::setStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? u"color: #b00020"_s : QString());
}

} // namespace LeadRelay
