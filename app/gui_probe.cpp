#include "gui_probe.h"
#include "thread_cpu_clock.h"

#include "training/training_session.h"

#include <QAbstractEventDispatcher>
#include <QFile>
#include <QMetaEnum>

#include <algorithm>
#include <unistd.h>

namespace gan {
namespace {
constexpr int tickMs = 16; // a frame at 60 Hz
}

GuiProbe::GuiProbe(TrainingSession* session, QObject* parent)
    : QObject(parent)
    , m_stallHistogramMs(1001, 0)
{
    connect(session, &TrainingSession::realGridReady, this, [this] {
        // Measured once the event loop has handled the grid (and so painted it).
        QTimer::singleShot(0, this, [this] {
            if (m_startupMs < 0)
                m_startupMs = secondsSinceProcessStart() * 1000.0;
        });
    });
    connect(session, &TrainingSession::stateChanged, this, [this](TrainingState s) {
        const bool running = s == TrainingState::Running;
        if (running != m_training) // at start and stop too, so that a short run has its samples
            m_peakResidentMb = std::max(m_peakResidentMb, residentMegabytes());
        if (running && !m_training) {
            m_cpuAtStart = threadCpuNs() / 1e9;
            m_trainingClock.start();
        } else if (!running && m_training) {
            m_cpuWhileTraining += threadCpuNs() / 1e9 - m_cpuAtStart;
            m_wallWhileTraining += m_trainingClock.nsecsElapsed() / 1e9;
        }
        m_training = running;
    });
    m_ticker.setTimerType(Qt::PreciseTimer);
    m_ticker.setInterval(tickMs);
    connect(&m_ticker, &QTimer::timeout, this, &GuiProbe::onTick);
    m_sinceTick.start();
    m_ticker.start();
    if (auto* dispatcher = QAbstractEventDispatcher::instance(thread())) {
        connect(dispatcher, &QAbstractEventDispatcher::awake, this, &GuiProbe::onAwake, Qt::DirectConnection);
        connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, &GuiProbe::onAboutToBlock,
                Qt::DirectConnection);
    }
}

void GuiProbe::onAwake()
{
    if (!m_busy.isValid())
        m_busy.start();
}

void GuiProbe::onAboutToBlock()
{
    if (!m_busy.isValid())
        return;
    const double busyMs = m_busy.nsecsElapsed() / 1e6;
    m_busy.invalidate();
    if (m_training)
        record(busyMs);
}

void GuiProbe::record(double stallMs)
{
    m_longestStallMs = std::max(m_longestStallMs, stallMs);
    ++m_stallHistogramMs[std::min<std::size_t>(static_cast<std::size_t>(stallMs), m_stallHistogramMs.size() - 1)];
}

void GuiProbe::onEvent(const char* receiverClass, QEvent::Type type, qint64 ns, qint64 cpuNs)
{
    const double ms = ns / 1e6;
    if (!m_training)
        return;
    m_longEvents += ms > longEventMs;
    if (ms <= m_longestEventMs)
        return;
    m_longestEventMs = ms;
    m_longestEventCpuMs = cpuNs / 1e6;
    m_longestStallMs = std::max(m_longestStallMs, ms); // the event loop waited that long at least
    const char* typeName = QMetaEnum::fromType<QEvent::Type>().valueToKey(type);
    m_longestEvent = QStringLiteral("%1/%2").arg(QLatin1String(receiverClass),
                                                 typeName ? QLatin1String(typeName) : QString::number(int(type)));
}

void GuiProbe::onTick()
{
    const double elapsedMs = m_sinceTick.nsecsElapsed() / 1e6;
    m_sinceTick.restart();
    if (!m_training)
        return;
    record(std::max(0.0, elapsedMs - tickMs));
    if (++m_ticksWhileTraining % ticksPerMemorySample == 0)
        m_peakResidentMb = std::max(m_peakResidentMb, residentMegabytes());
}

QString GuiProbe::reportLine() const
{
    qint64 total = 0;
    for (int c : m_stallHistogramMs)
        total += c;
    int p99 = 0;
    qint64 seen = 0;
    for (std::size_t ms = 0; ms < m_stallHistogramMs.size(); ++ms) {
        seen += m_stallHistogramMs[ms];
        if (total > 0 && seen >= total * 0.99) {
            p99 = static_cast<int>(ms) + 1;
            break;
        }
    }
    double cpu = m_cpuWhileTraining, wall = m_wallWhileTraining;
    if (m_training) {
        cpu += threadCpuNs() / 1e9 - m_cpuAtStart;
        wall += m_trainingClock.nsecsElapsed() / 1e9;
    }
    return QStringLiteral("report: startup_real_digits_ms=%1 longest_stall_ms=%2 p99_stall_ms<=%3 rss_mb=%4 "
                          "rss_peak_mb=%8 gui_thread_cpu_pct=%5 longest_event_ms=%6 longest_event=%7 "
                          "long_events_per_min=%9 longest_event_cpu_ms=%10")
        .arg(m_startupMs, 0, 'f', 0)
        .arg(m_longestStallMs, 0, 'f', 1)
        .arg(p99)
        .arg(residentMegabytes(), 0, 'f', 1)
        .arg(wall > 0 ? 100.0 * cpu / wall : 0.0, 0, 'f', 1)
        .arg(m_longestEventMs, 0, 'f', 1)
        .arg(m_longestEvent.isEmpty() ? QStringLiteral("none") : m_longestEvent)
        .arg(m_peakResidentMb, 0, 'f', 1)
        .arg(wall > 0 ? m_longEvents * 60.0 / wall : 0.0, 0, 'f', 1)
        .arg(m_longestEventCpuMs, 0, 'f', 1);
}

double GuiProbe::secondsSinceProcessStart()
{
    // /proc/self/stat field 22: start time in clock ticks after boot; /proc/uptime: now.
    QFile stat(QStringLiteral("/proc/self/stat")), uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray s = stat.readAll();
    const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return -1;
    const double started = fields[19].toDouble() / sysconf(_SC_CLK_TCK);
    return uptime.readAll().split(' ').value(0).toDouble() - started;
}

double GuiProbe::residentMegabytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

} // namespace gan
