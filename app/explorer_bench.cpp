// Latency of the latent-space explorer while training runs: a slider of the real explorer
// widget is dragged step by step (one step every --interval-ms, like a 60 Hz drag) and
// each step is timed from the slider's move to its digit painted. Training runs on its
// own thread meanwhile, as in the app. Prints percentiles; not a test.
//
// Usage: gan-explorer-bench [--samples N] [--interval-ms MS] [--batch-size B] [--device auto|cpu|cuda] [--idle]

#include "digit_grid_view.h"
#include "engine/gan_engine.h"
#include "engine/model_snapshot.h"
#include "engine/process_tuning.h"
#include "explorer_digit_card.h"
#include "latent_explorer.h"
#include "latent_slider_bank.h"
#include "training/data_sources.h"
#include "training/training_session.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSlider>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(std::clamp(p * (v.size() - 1) + 0.5, 0.0, double(v.size() - 1)));
    return v[i];
}

// Runs the event loop until `done` holds or `ms` pass.
bool waitFor(const std::function<bool()>& done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    gan::tuneProcessForTraining(); // as the app does
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen"); // no screen needed
    QApplication app(argc, argv);
    int samples = 300, intervalMs = 16;
    bool idle = false;
    gan::ResetSettings reset;
    for (int i = 1; i < argc; ++i) {
        const std::string key = argv[i];
        const std::string value = i + 1 < argc ? argv[i + 1] : "";
        if (key == "--idle") { idle = true; continue; }
        if (key == "--samples") samples = std::stoi(value);
        else if (key == "--interval-ms") intervalMs = std::stoi(value);
        else if (key == "--batch-size") reset.batchSize = std::stoi(value);
        else if (key == "--device" && gan::parseDevicePreference(value, &reset.device)) {}
        else {
            std::fprintf(stderr, "error: unknown option %s\n", key.c_str());
            return 2;
        }
        ++i;
    }

    // The copy that training makes a few times a second, timed on its own.
    {
        gan::GanEngine engine(gan::loadDataSource({}), reset);
        engine.snapshot();
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 20; ++i)
            engine.snapshot();
        std::printf("snapshot of G and D (done on the training thread): %.2f ms each (mean of 20)\n", t.nsecsElapsed() / 20e6);
    }

    gan::TrainingSession session;
    session.setResetSettings(reset);
    gan::DigitGridView grid;
    gan::LatentExplorer explorer;
    explorer.attach(&session, &grid);
    explorer.resize(340, 700);
    explorer.show();
    qint64 iterations = 0;
    QObject::connect(&session, &gan::TrainingSession::metricsReady, [&](const gan::MetricsBatch& b) {
        if (!b.items.isEmpty())
            iterations = b.items.last().iteration;
    });
    session.reset();
    if (!waitFor([&] { return explorer.shownDigitId() > 0; }, 60000)) {
        std::fprintf(stderr, "error: the explorer drew nothing within a minute\n");
        return 1;
    }
    if (!idle) {
        session.start();
        waitFor([&] { return iterations >= 20; }, 60000); // warmed up, training at full speed
    }

    // Training alone first, for comparison (the explorer only redraws for each new copy of G).
    double aloneRate = 0;
    if (!idle) {
        const qint64 before = iterations;
        QElapsedTimer alone;
        alone.start();
        waitFor([&] { return alone.elapsed() >= 5000; }, 6000);
        aloneRate = (iterations - before) / (alone.nsecsElapsed() / 1e9);
    }

    QSlider* slider = explorer.sliderBank()->slider(0);
    std::vector<double> latency;
    const qint64 startIteration = iterations;
    QElapsedTimer wall;
    wall.start();
    int value = slider->minimum();
    int step = 5;
    for (int i = 0; i < samples; ++i) {
        QElapsedTimer t;
        t.start();
        if (value + step > slider->maximum() || value + step < slider->minimum())
            step = -step;
        value += step;
        slider->setValue(value); // as a drag does: valueChanged -> new z -> decoder
        const quint64 id = explorer.requestedDigitId();
        if (!waitFor([&] { return explorer.shownDigitId() >= id; }, 5000)) {
            std::fprintf(stderr, "error: a digit did not arrive within 5 s\n");
            return 1;
        }
        explorer.digitCard()->repaint(); // on screen
        latency.push_back(t.nsecsElapsed() / 1e6);
        waitFor([&] { return t.elapsed() >= intervalMs; }, intervalMs + 50);
    }
    const double seconds = wall.nsecsElapsed() / 1e9;
    session.pause();
    std::printf("slider move -> digit painted, %s: n=%d p50=%.2f ms p95=%.2f ms max=%.2f ms\n",
                idle ? "training paused" : "while training runs", samples, percentile(latency, 0.5),
                percentile(latency, 0.95), percentile(latency, 1.0));
    if (!idle)
        std::printf("training: %.1f it/s while dragging, %.1f it/s just before (batch %d, device %s)\n",
                    (iterations - startIteration) / seconds, aloneRate, reset.batchSize,
                    gan::toString(reset.device).c_str());
    return 0;
}
