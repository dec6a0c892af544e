#include <stddef.h>
#include <linear.h>
