/**
 * Whether the calling component runs in the browser yet: false during SSR and hydration, true once
 * it has mounted. Forms keep their submit button disabled until then, because a form submitted
 * before its handler is attached would be sent natively, reloading the page.
 */
export function mounted(): { readonly current: boolean } {
	let current = $state(false);
	$effect(() => {
		current = true;
	});
	return {
		get current() {
			return current;
		}
	};
}
