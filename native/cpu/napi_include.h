// The one way the addon includes node-addon-api: every translation unit that uses it must see the same
// configuration (napi-inl.h is inline code).
//
// NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS: when an environment is shutting down (a worker_thread terminated,
// process.exit in a worker), Node-API calls that would run JS fail; without this, Napi::Error's constructor and
// ThrowAsJavaScriptException then throw a C++ exception from inside node-addon-api's own catch handler, which
// ends in std::terminate (SIGABRT for the whole process). With it they give up quietly: nothing can see the
// error in a dying environment anyway. The async completion path (dispatch/async_call.cc) does not rely on
// this: it uses the C API and checks every status.
#pragma once

#ifndef NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS
#define NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS
#endif
#include <napi.h>
