// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Lead.h"

#include <QList>
#include <QWidget>

class QLabel;
class QLineEdit;

namespace LeadRelay
{

class FieldFeedback;

// Common ground of the lead form's sections: each text input is named after its lead key (objectName), has a
// caption "<key>_label" and a message label "<key>_message". The section reports typing and leaving per key;
// validation and what to show is decided by LeadForm.
class FormSection : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;

    QList<FieldFeedback *> feedbacks() const { return m_feedbacks; }
    FieldFeedback *feedback(const QString &key) const;
    // Inputs in the order Tab visits them.
    virtual QList<QWidget *> tabChain() const;

    virtual void writeTo(Lead &lead) const;
    virtual void readFrom(const Lead &lead);
    virtual void clear();

Q_SIGNALS:
    void edited(const QString &key); // the agent changed the value
    void left(const QString &key);   // the agent left the field

protected:
    // Binds every QLineEdit child named after a lead text key, with its caption and message labels.
    void bindLineEdits();
    FieldFeedback *bind(const QString &key, QWidget *input, QLabel *caption, QLabel *message);
    QLineEdit *lineEdit(const QString &key) const;

private:
    QList<FieldFeedback *> m_feedbacks;
};

} // namespace LeadRelay
