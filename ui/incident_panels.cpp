// Placeholder until it lands.
#include "incident_panels.h"

namespace gridlink {

void ShowIncidentQueue(App&) {}
void ShowIncidentDetail(App&) {}

}  // namespace gridlink
