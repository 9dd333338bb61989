// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Clock.h"
#include "pipeline/SubmissionService.h"

#include <QDialog>

#include <functional>
#include <memory>

namespace Ui
{
class ImportDialog;
}

namespace LeadRelay
{

class BatchSender;
class ImportRowsModel;

// Lead → Import leads…: a CSV or JSON Lines file, checked row by row before anything is sent (the file is read
// and checked on a worker thread, so 10,000 rows never freeze the window), then the valid rows sent through
// BatchSender, the same pipeline and history as the form. Cancel stops new rows and waits for those in flight.
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    struct Services
    {
        HistoryStore *store = nullptr;
        SubmissionService *service = nullptr;
        std::function<VendorAccount(const QString &vendorId)> account; // endpoint resolved
        std::function<QString()> agent;                                // for rows without one
        std::function<QUrl(const VendorAccount &)> callbackBase;
        Clock clock = systemClock();
    };

    explicit ImportDialog(Services services, QWidget *parent = nullptr);
    ~ImportDialog() override;

    // Reads and checks the file for the chosen vendor (asynchronously: loaded() follows).
    void openFile(const QString &path);
    void setVendor(const QString &vendorId);
    void send();   // the valid rows
    void cancel(); // stops new rows; those in flight finish
    bool isBusy() const;
    ImportRowsModel *model() const { return m_model; }

    static constexpr int Concurrency = 4;

Q_SIGNALS:
    void loaded();
    void sendingFinished();
    void openLeadRequested(const LeadRelay::Lead &lead);    // a row to fix in the form
    void showSubmissionRequested(const QString &historyId); // a row's history entry

protected:
    void reject() override;

private:
    void load();
    void rowActivated(const QModelIndex &index);
    void updateButtons();

    std::unique_ptr<Ui::ImportDialog> m_ui;
    Services m_services;
    ImportRowsModel *m_model;
    BatchSender *m_sender;
    QString m_path;
    int m_loadGeneration = 0; // a newer load supersedes an older one still running
    bool m_loading = false;
    int m_done = 0;
};

} // namespace LeadRelay
