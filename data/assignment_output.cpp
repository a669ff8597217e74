// Placeholder: being written.
#include "assignment_output.h"
