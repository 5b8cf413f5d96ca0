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
            match self.value.get() {
                Some(value) => f(value),
                None => f(self.init()),
            }
        }

        /// Fills the cell on first use. Not `OnceCell::get_or_init`: that
        /// panics when re-entered, and its panic path (a message and a
        /// source location) stayed in the wasm although nothing here
        /// re-enters. Cold and out of line, as `get_or_init`'s was, so that
        /// callers stay small.
        #[cold]
        #[inline(never)]
        fn init(&'static self) -> &'static T {
            // `set` fails only if `init` itself filled the cell: the value
            // is then that one.
            let _ = self.value.set((self.init)());
            match self.value.get() {
                Some(value) => value,
                // The cell was just filled: unreachable, and a trap (what
                // the panic handler would do) without a panic's baggage.
                None => core::arch::wasm32::unreachable(),
            }
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
