// GAN Studio: the window by default; `--headless` trains without one.

#include "done_line.h"
#include "event_timing_application.h"
#include "gui_options.h"
#include "gui_probe.h"
#include "headless_options.h"
#include "headless_run.h"
#include "main_window.h"
#include "recovery_controller.h"
#include "engine/process_tuning.h"
#include "training/training_session.h"

#include <QApplication>
#include <QCoreApplication>
#include <QPointer>

#include <cstdio>
#include <cstring>
#include <memory>

namespace {

bool wantsHeadless(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--headless") == 0)
            return true;
    return false;
}

int headlessMain(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const auto parsed = gan::parseHeadlessOptions(app.arguments());
    if (parsed.helpShown)
        return 0;
    if (!parsed.options) {
        std::fprintf(stderr, "error: %s\n", qPrintable(parsed.error));
        return 2;
    }
    if (!parsed.options->interpolation.path.isEmpty())
        return gan::exportInterpolation(*parsed.options);
    return gan::runHeadless(*parsed.options);
}

int windowMain(int argc, char** argv)
{
    gan::EventTimingApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("GAN Studio"));
    const gan::GuiOptions options = gan::parseGuiOptions(app.arguments());
    if (!options.error.isEmpty()) {
        std::fprintf(stderr, "error: %s\n", qPrintable(options.error));
        return 2;
    }

    gan::TrainingSession session;
    gan::ResetSettings reset;
    reset.device = options.device;
    session.setResetSettings(reset);
    session.setDataFolder(options.dataFolder);
    if (options.iterations > 0)
        session.setIterationLimit(options.iterations);
    std::unique_ptr<gan::GuiProbe> probe;
    if (options.report) {
        probe = std::make_unique<gan::GuiProbe>(&session);
        // A guarded pointer: the probe goes before the application, which still delivers events.
        app.setObserver([p = QPointer<gan::GuiProbe>(probe.get())](const char* receiverClass, QEvent::Type type, qint64 ns,
                                                                      qint64 cpuNs) {
            if (p)
                p->onEvent(receiverClass, type, ns, cpuNs);
        });
    }
    if (options.quitWhenDone) {
        QObject::connect(&session, &gan::TrainingSession::limitReached, &app,
                         [&app, &probe](qint64 n, double seconds, double stepSeconds) {
            std::printf("%s\n", gan::doneLine(n, seconds, stepSeconds).constData());
            if (probe)
                std::printf("%s\n", qPrintable(probe->reportLine()));
            std::fflush(stdout);
            app.quit();
        });
    }

    if (options.logInterval > 0) {
        QObject::connect(&session, &gan::TrainingSession::metricsReady, &app, [n = options.logInterval](const gan::MetricsBatch& b) {
            for (const auto& m : b.items)
                if (m.iteration % n == 0)
                    std::printf("[Iteration %lld] [Epoch %d] [Batch %d] [D loss: %f] [G loss: %f]\n",
                                static_cast<long long>(m.iteration), m.epoch, m.batchInEpoch, m.dLoss, m.gLoss);
            std::fflush(stdout);
        });
    }

    gan::MainWindow window(&session);
    if (options.autosaveInterval >= 0)
        window.recovery()->setAutosaveInterval(options.autosaveInterval);
    window.resize(1280, 800);
    window.show();
    if (options.autostart)
        session.start();
    return app.exec();
}

} // namespace

int main(int argc, char** argv)
{
    gan::tuneProcessForTraining();
    return wantsHeadless(argc, argv) ? headlessMain(argc, argv) : windowMain(argc, argv);
}
