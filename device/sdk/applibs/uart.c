/* uart.c — UART_InitConfig and UART_Open (applibs/uart.h): the
 * configuration is checked here, then appmgr opens and configures the
 * UART for an app whose manifest names it and passes the descriptor back
 * (APP_SVC_UART_OPEN, SCM_RIGHTS). */
#include <applibs/uart.h>

#include <errno.h>
#include <string.h>

#include "app_service_client.h"
#include "applibs_errno.h"

#define UART_CONFIG_MAGIC 0x55430000u   /* "UC", then the struct version */
#define UART_DEFAULT_BAUD 9600u

void z__UART_InitConfigVersioned(struct z__UART_Config_Base *uartConfig, uint32_t structVersion)
{
	struct z__UART_Config_v1 *config = (struct z__UART_Config_v1 *)uartConfig;

	if (!uartConfig || structVersion != 1)
		return;
	memset(config, 0, sizeof(*config));
	config->z__magicAndVersion = UART_CONFIG_MAGIC | structVersion;
	config->baudRate = UART_DEFAULT_BAUD;
	config->blockingMode = UART_BlockingMode_NonBlocking;
	config->dataBits = UART_DataBits_Eight;
	config->parity = UART_Parity_None;
	config->stopBits = UART_StopBits_One;
	config->flowControl = UART_FlowControl_None;
}

/* The app service's form of a version 1 config: 0, or -EINVAL for a value
 * out of range. appmgr decides which baud rates the UART takes. */
static int service_config(const struct z__UART_Config_v1 *config, struct app_svc_uart_config *out)
{
	if (config->baudRate == 0 || config->blockingMode != UART_BlockingMode_NonBlocking ||
	    config->dataBits < UART_DataBits_Five || config->dataBits > UART_DataBits_Eight ||
	    config->parity > UART_Parity_Odd || config->stopBits < UART_StopBits_One ||
	    config->stopBits > UART_StopBits_Two || config->flowControl > UART_FlowControl_XONXOFF)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->baud_rate = config->baudRate;
	out->blocking_mode = config->blockingMode;
	out->data_bits = config->dataBits;
	out->parity = config->parity;
	out->stop_bits = config->stopBits;
	out->flow_control = config->flowControl;
	return 0;
}

int z__UART_OpenVersioned(UART_Id uartId, const struct z__UART_Config_Base *uartConfig)
{
	struct app_svc_uart_config wire;
	int fd, result;
	struct app_svc_call call = { .op = APP_SVC_UART_OPEN, .arg = (uint32_t)uartId,
				     .payload = &wire, .payload_len = sizeof(wire), .fd = &fd };

	if (!uartConfig)
		return applibs_fail(EFAULT);
	if (uartConfig->z__magicAndVersion != (UART_CONFIG_MAGIC | 1u))
		return applibs_fail(EINVAL);
	result = service_config((const struct z__UART_Config_v1 *)uartConfig, &wire);
	if (result == 0)
		result = uartId < 0 ? -ENODEV : app_svc_call(&call);
	return result < 0 ? applibs_fail(-result) : fd;
}
