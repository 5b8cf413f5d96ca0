//! `per_thread!`: a per-thread static that also works in the `no_std`
//! verify-only wasm build.
//!
//! With std it is `thread_local!`. Without std (wasm32 only), there is
//! exactly one thread, so a plain `static` initialised on first use is the
//! same thing; [`PerThread`] says so to the compiler.

#[cfg(not(all(target_arch = "wasm32", not(feature = "std"))))]
macro_rules! per_thread {
    ($(#[$attr:meta])* static $name:ident: $ty:ty = $init:expr;) => {
        thread_local! { $(#[$attr])* static $name: $ty = $init; }
    };
}

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
macro_rules! per_thread {
    ($(#[$attr:meta])* static $name:ident: $ty:ty = $init:expr;) => {
        $(#[$attr])*
        static $name: $crate::per_thread::PerThread<$ty> =
            $crate::per_thread::PerThread::new(|| $init);
    };
}

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
pub use single_threaded::PerThread;

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
mod single_threaded {
    use core::cell::OnceCell;

    /// A lazily initialised value for the only thread there is.
    pub struct PerThread<T> {
        init: fn() -> T,
        value: OnceCell<T>,
    }

    // SAFETY: wasm32-unknown-unknown without the `atomics` feature (which
    // src/verify/js/runtime.rs refuses for every wasm build) runs one thread;
    // nothing can observe this value concurrently.
    unsafe impl<T> Sync for PerThread<T> {}

    impl<T> PerThread<T> {
        pub const fn new(init: fn() -> T) -> Self {
            Self {
                init,
                value: OnceCell::new(),
            }
        }

        /// Calls `f` with the value, creating it first if needed.
        pub fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
            f(self.value.get_or_init(self.init))
        }

        /// [`Self::with`]; never fails (the signature of `LocalKey::try_with`).
        pub fn try_with<R>(
            &'static self,
            f: impl FnOnce(&T) -> R,
        ) -> Result<R, core::convert::Infallible> {
            Ok(self.with(f))
        }
    }
}
