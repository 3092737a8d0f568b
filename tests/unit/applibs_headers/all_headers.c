/* all_headers.c — every applibs header (and tlsutils/deviceauth.h) in one
 * translation unit, as an Azure Sphere app includes them, for
 * test_applibs_headers.sh. It also
 * uses each inline function, so that their bodies are compiled under the
 * app's warning flags too. Built, never run. */
#include <applibs/adc.h>
#include <applibs/application.h>
#include <applibs/applications.h>
#include <applibs/certstore.h>
#include <applibs/eventloop.h>
#include <applibs/gpio.h>
#include <applibs/gpio_edge.h>
#include <applibs/i2c.h>
#include <applibs/log.h>
#include <applibs/networking.h>
#include <applibs/powermanagement.h>
#include <applibs/pwm.h>
#include <applibs/rtc.h>
#include <applibs/spi.h>
#include <applibs/storage.h>
#include <applibs/sysevent.h>
#include <applibs/uart.h>
#include <applibs/wificonfig.h>
#include <tlsutils/deviceauth.h>

/* Every header twice: each must guard itself. */
#include <applibs/adc.h>
#include <applibs/application.h>
#include <applibs/applications.h>
#include <applibs/certstore.h>
#include <applibs/eventloop.h>
#include <applibs/gpio.h>
#include <applibs/gpio_edge.h>
#include <applibs/i2c.h>
#include <applibs/log.h>
#include <applibs/networking.h>
#include <applibs/powermanagement.h>
#include <applibs/pwm.h>
#include <applibs/rtc.h>
#include <applibs/spi.h>
#include <applibs/storage.h>
#include <applibs/sysevent.h>
#include <applibs/uart.h>
#include <applibs/wificonfig.h>
#include <tlsutils/deviceauth.h>

size_t use_inline_functions(void);

size_t use_inline_functions(void)
{
    UART_Config uart;
    SPIMaster_Config spi;
    SPIMaster_Transfer transfers[2];
    Networking_NetworkInterface iface[1];
    uint8_t byte = 0;
    size_t sum = 0;

    UART_InitConfig(&uart);
    uart.baudRate = 115200;
    uart.flowControl = UART_FlowControl_None;
    sum += (size_t)UART_Open(4, &uart);
    sum += (size_t)SPIMaster_InitConfig(&spi);
    sum += (size_t)SPIMaster_Open(1, -1, &spi);
    sum += (size_t)SPIMaster_InitTransfers(transfers, 2);
    sum += (size_t)SPIMaster_TransferSequential(-1, transfers, 2);
    sum += (size_t)SPIMaster_WriteThenRead(-1, &byte, 1, &byte, 1);
    sum += (size_t)Networking_GetInterfaces(iface, 1);
    sum += Applications_GetTotalMemoryUsageInKB();
    sum += Applications_GetUserModeMemoryUsageInKB();
    sum += Applications_GetPeakUserModeMemoryUsageInKB();
    return sum;
}
