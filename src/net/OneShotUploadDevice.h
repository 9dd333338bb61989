// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QIODevice>

namespace LeadRelay
{

// A request body that can be read from its start only once.
//
// Qt's HTTP stack may send a request a second time on its own: when a kept-alive connection turns out to be
// closed, or when the server drops the connection while Qt waits for the answer. For a POST that may already
// have created a lead at the vendor, that second send is a duplicate (nTherm answers 422, BHM may bill twice).
// Qt rewinds the body with reset() before every resend; refusing to rewind once any byte has been handed over
// turns the silent resend into QNetworkReply::ContentReSendError, which Submitter reports as "delivery unknown".
// Rewinding before the first byte was read stays allowed, so the first send is never affected.
class OneShotUploadDevice : public QIODevice
{
    Q_OBJECT

public:
    explicit OneShotUploadDevice(const QByteArray &data, QObject *parent = nullptr);

    bool isSequential() const override { return false; }
    qint64 size() const override { return m_data.size(); }
    bool seek(qint64 pos) override;
    bool reset() override;

    // True once Qt asked to rewind after bytes had been read: it wanted to send the request again.
    bool rewindRefused() const { return m_rewindRefused; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 maxSize) override;

private:
    QByteArray m_data;
    qint64 m_highWater = 0; // furthest position ever read
    bool m_rewindRefused = false;
};

} // namespace LeadRelay
