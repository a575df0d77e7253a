#include "analysis_types.h"

namespace gan {

void registerAnalysisMetaTypes()
{
    qRegisterMetaType<DiscriminatorOutputs>();
    qRegisterMetaType<MeterReading>();
}

} // namespace gan
