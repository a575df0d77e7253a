#include "explorer_types.h"

namespace gan {

void registerExplorerMetaTypes()
{
    qRegisterMetaType<ExplorerFrame>();
    qRegisterMetaType<DecodeResult>();
    qRegisterMetaType<LatentDirections>();
}

} // namespace gan
