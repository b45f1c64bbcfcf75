/** The server's rule (SetupInput.password); checked here too so the form can say so at once. */
export const MIN_PASSWORD_LENGTH = 8;

export interface SetupValues {
	username: string;
	password: string;
	confirmation: string;
}

export type SetupErrors = Partial<Record<keyof SetupValues, string>>;

/** Problems the form can see before asking the server; the server checks everything again. */
export function validateSetup(values: SetupValues): SetupErrors {
	const errors: SetupErrors = {};
	if (values.username.trim() === '') errors.username = 'Enter a username.';
	if (values.password.length < MIN_PASSWORD_LENGTH) {
		errors.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
	} else if (values.confirmation !== values.password) {
		errors.confirmation = 'The passwords do not match.';
	}
	return errors;
}
