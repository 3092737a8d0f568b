/* applibs/pwm.h — pulse-width modulators (Azure Sphere applibs, same
 * declarations). Spherule's boards have no PWM: PWM_Open fails with
 * ENODEV, PWM_Apply with EBADF (no descriptor of a PWM can exist). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned int PWM_ControllerId;
typedef uint32_t PWM_ChannelId;

typedef uint32_t PwmPolarity;
enum {
    PWM_Polarity_Normal,  /* high during the duty cycle */
    PWM_Polarity_Inversed /* low during the duty cycle */
};

typedef struct PwmState {
    unsigned int period_nsec;
    unsigned int dutyCycle_nsec; /* less than the period */
    PwmPolarity polarity;
    bool enabled;
} PwmState;

int PWM_Open(PWM_ControllerId pwm);
int PWM_Apply(int pwmFd, PWM_ChannelId pwmChannel, const PwmState *newState);

#ifdef __cplusplus
}
#endif
