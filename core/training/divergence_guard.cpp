#include "divergence_guard.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace gan {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("gan::DivergenceGuard", text); }

QString describe(double v) { return std::isnan(v) ? tr("NaN (“not a number”)") : tr("infinite"); }

} // namespace

DivergenceGuard::DivergenceGuard(qint64 restoreInterval, qint64 weightCheckInterval, int saturationPatience)
    : m_restoreInterval(qMax<qint64>(1, restoreInterval))
    , m_weightCheckInterval(qMax<qint64>(1, weightCheckInterval))
    , m_saturationPatience(qMax(1, saturationPatience))
{
}

QString DivergenceGuard::check(const GanEngine& engine, const IterationMetrics& m)
{
    QString what;
    const bool dBad = !std::isfinite(m.dLoss), gBad = !std::isfinite(m.gLoss);
    if (dBad && gBad)
        what = tr("both losses became %1").arg(describe(m.dLoss));
    else if (dBad)
        what = tr("the discriminator's loss became %1").arg(describe(m.dLoss));
    else if (gBad)
        what = tr("the generator's loss became %1").arg(describe(m.gLoss));
    else if (m.iteration % m_weightCheckInterval == 0 && !engine.weightsFinite())
        what = tr("some of the networks' weights became infinite or NaN (“not a number”)");

    // BCE clamps each log term at -100, so when every output of D is exactly 0 or 1 each
    // per-image term is 0 or 100 and the mean losses are whole multiples of 100 / batch.
    // Healthy training never stays there; a saturated sigmoid passes no gradient at all.
    const double n = engine.resetSettings().batchSize;
    const auto pinned = [](double loss, double scale) {
        const double q = loss * scale / 100.0;
        return std::isfinite(q) && std::abs(q - std::round(q)) < 1e-4;
    };
    m_saturated = pinned(m.dLoss, 2 * n) && pinned(m.gLoss, n) ? m_saturated + 1 : 0;
    if (what.isEmpty() && m_saturated >= m_saturationPatience)
        what = tr("for %1 iterations D has answered exactly 0 or exactly 1 for every image (on average %2 for "
                  "real and %3 for generated digits). Its weights grew so large that its sigmoid saturated, "
                  "and a saturated sigmoid passes no gradient: neither network can learn any more")
                   .arg(m_saturationPatience)
                   .arg(m.dReal, 0, 'g', 3)
                   .arg(m.dFake, 0, 'g', 3);

    if (what.isEmpty()) {
        if (!m_diverged && m.iteration - m_iteration >= m_restoreInterval)
            keep(engine);
        return {};
    }
    return diverge(m.iteration, what);
}

QString DivergenceGuard::checkFailedStep(const GanEngine& engine)
{
    if (engine.weightsFinite())
        return {};
    return diverge(engine.iteration() + 1, tr("the networks' weights became infinite or NaN (“not a number”)"));
}

QString DivergenceGuard::diverge(qint64 iteration, const QString& what)
{
    m_diverged = true;
    return tr("Training diverged at iteration %1: %2. The steps were too large for the networks: with a "
              "learning rate this high (or many D steps per G step, k) each update overshoots and the "
              "weights grow beyond what the arithmetic can use.")
        .arg(QLocale().toString(iteration), what);
}

bool DivergenceGuard::keep(const GanEngine& engine, qint64 minGap)
{
    if (m_diverged || m_saturated > 0 || engine.iteration() == m_iteration
        || (m_iteration >= 0 && engine.iteration() - m_iteration < qMax<qint64>(1, minGap)) || !engine.weightsFinite())
        return false;
    m_state = engine.copyState();
    m_iteration = engine.iteration();
    return true;
}

void DivergenceGuard::rollBack(GanEngine& engine)
{
    if (!hasRestorePoint())
        throw EngineError("there is no restore point yet");
    engine.restoreState(m_state, "the restore point");
    m_diverged = false;
    m_saturated = 0;
}

void DivergenceGuard::clear()
{
    m_state = {};
    m_iteration = -1;
    m_diverged = false;
    m_saturated = 0;
}

} // namespace gan
