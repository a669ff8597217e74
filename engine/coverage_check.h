// Validating a grid layer as a coverage (gridlink check). Placeholder: being written.
#pragma once
