// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/ConsentRecord.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace LeadRelay
{

class HistoryStore;

// Settings → Consent scripts: the scripts the history holds (shared by the floor on a team server), edited as
// text. "Save as new version" writes at once, independent of the dialog's OK: a version is a record that consent
// records point to, so it is never changed afterwards, only followed by a newer one. On a team server only a
// supervisor (or the owner) may save; the database enforces it, the page says so.
class ConsentScriptsPage : public QWidget
{
    Q_OBJECT

public:
    explicit ConsentScriptsPage(HistoryStore *store, QWidget *parent = nullptr);

    void reload();
    // Starts a new script (its id typed by the user); Save makes its version 1.
    void newScript();
    // The edited script as a new version. False (and the reason shown on the page) when it was not saved.
    bool save();
    ConsentScript edited() const;
    QString status() const;

Q_SIGNALS:
    void saved(const LeadRelay::ConsentScript &script);

private:
    void show(const ConsentScript &script);
    void setStatus(const QString &text, bool problem);

    HistoryStore *m_store;
    QList<ConsentScript> m_scripts;
    QComboBox *m_picker;
    QLineEdit *m_id;
    QComboBox *m_language;
    QLineEdit *m_title;
    QPlainTextEdit *m_disclosure;
    QPlainTextEdit *m_questions;
    QPlainTextEdit *m_sellers;
    QLineEdit *m_purpose;
    QPushButton *m_new;
    QPushButton *m_save;
    QLabel *m_status;
};

} // namespace LeadRelay
